/**
 * Date functions: `date(format, timestamp)` formats with Java SimpleDateFormat letters, `time(string)` parses a
 * strtotime-like string. Both work on the wall clock of the render's time zone (`tz` option) and the render's
 * clock (`now` option); timestamps are UNIX seconds.
 */
import { describeType, FloatValue, toNumber } from "../values.js";
import { dayOfYear, type LocalTime, localTime, usWeek, usWeekOfMonth, type Zone, zone } from "./calendar.js";
import { argError, param } from "./helpers.js";
import type { FnContext, FunctionFamily } from "./registry.js";
import { abbreviate } from "./strings.js";
import { evaluateTime, TIME_FORMS, TimeParseError } from "./time-parse.js";

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export const DEFAULT_DATE_FORMAT = "MMMM d, yyyy";

const PATTERN_LETTERS = new Set("GyYMLdDEuaHkKhmsSzZXwWF");

type Token = string | { letter: string; count: number };

export class DatePatternError extends Error {}

const patternCache = new Map<string, Token[]>();

/** Splits a SimpleDateFormat pattern into literal text and letter runs (cached). Throws DatePatternError. */
export function compileDatePattern(pattern: string): Token[] {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const tokens: Token[] = [];
  let literal = "";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      for (;;) {
        const k = pattern.indexOf("'", j);
        if (k < 0) throw new DatePatternError("an unterminated quote");
        literal += pattern.slice(j, k);
        if (pattern[k + 1] === "'") {
          literal += "'";
          j = k + 2;
          continue;
        }
        i = k + 1;
        break;
      }
      continue;
    }
    if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) {
      if (!PATTERN_LETTERS.has(c)) {
        throw new DatePatternError(`'${c}' is not a pattern letter (quote literal text, e.g. 'at')`);
      }
      let n = 1;
      while (pattern[i + n] === c) n++;
      if (c === "X" && n > 3) throw new DatePatternError("'X' may be repeated at most 3 times");
      if (literal) tokens.push(literal);
      literal = "";
      tokens.push({ letter: c, count: n });
      i += n;
      continue;
    }
    literal += c;
    i++;
  }
  if (literal) tokens.push(literal);
  if (patternCache.size > 200) patternCache.clear();
  patternCache.set(pattern, tokens);
  return tokens;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? "-" : "") + (s.length >= width ? s : "0".repeat(width - s.length) + s);
}

function offsetText(offsetMs: number, style: "Z" | "X1" | "X2" | "X3"): string {
  const minutes = Math.trunc(offsetMs / 60_000);
  if (minutes === 0 && style !== "Z") return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const h = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  switch (style) {
    case "X1":
      return sign + h;
    case "X3":
      return `${sign}${h}:${m}`;
    default:
      return sign + h + m;
  }
}

const nameFormats = new Map<string, Intl.DateTimeFormat>();

function zoneName(tz: string, ms: number, style: "short" | "long"): string {
  const key = `${tz}|${style}`;
  let fmt = nameFormats.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: style });
    if (nameFormats.size > 200) nameFormats.clear();
    nameFormats.set(key, fmt);
  }
  return fmt.formatToParts(ms).find((p) => p.type === "timeZoneName")?.value ?? tz;
}

function field(t: LocalTime, tz: string, ms: number, letter: string, count: number): string {
  const yearOfEra = t.year > 0 ? t.year : 1 - t.year;
  switch (letter) {
    case "G":
      return t.year > 0 ? "AD" : "BC";
    case "y":
      return count === 2 ? pad(yearOfEra % 100, 2) : pad(yearOfEra, count);
    case "Y": {
      const wy = usWeek(t.year, t.month, t.day).weekYear;
      return count === 2 ? pad(Math.abs(wy) % 100, 2) : pad(wy, count);
    }
    case "M":
    case "L":
      return count >= 4
        ? MONTH_NAMES[t.month - 1]
        : count === 3
          ? MONTH_NAMES[t.month - 1].slice(0, 3)
          : pad(t.month, count);
    case "d":
      return pad(t.day, count);
    case "D":
      return pad(dayOfYear(t.year, t.month, t.day), count);
    case "E":
      return count >= 4 ? DAY_NAMES[t.weekday] : DAY_NAMES[t.weekday].slice(0, 3);
    case "u":
      return pad(t.weekday === 0 ? 7 : t.weekday, count);
    case "F":
      return pad(Math.floor((t.day - 1) / 7) + 1, count);
    case "w":
      return pad(usWeek(t.year, t.month, t.day).week, count);
    case "W":
      return pad(usWeekOfMonth(t.year, t.month, t.day), count);
    case "a":
      return t.hour < 12 ? "AM" : "PM";
    case "H":
      return pad(t.hour, count);
    case "k":
      return pad(t.hour === 0 ? 24 : t.hour, count);
    case "K":
      return pad(t.hour % 12, count);
    case "h":
      return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, count);
    case "m":
      return pad(t.minute, count);
    case "s":
      return pad(t.second, count);
    case "S":
      return pad(t.millisecond, count);
    case "z":
      return zoneName(tz, ms, count >= 4 ? "long" : "short");
    case "Z":
      return offsetText(t.offset, "Z");
    case "X":
      return offsetText(t.offset, count === 1 ? "X1" : count === 2 ? "X2" : "X3");
    default:
      return "";
  }
}

/** Formats an instant (milliseconds) with a SimpleDateFormat pattern in a zone. Throws DatePatternError. */
export function formatDate(pattern: string, ms: number, tz: string, z: Zone = zone(tz)): string {
  const tokens = compileDatePattern(pattern);
  const t = localTime(z, ms);
  let out = "";
  for (const tok of tokens) out += typeof tok === "string" ? tok : field(t, tz, ms, tok.letter, tok.count);
  return out;
}

/** The render's zone, or a clear error naming the function. */
function renderZone(ctx: FnContext, name: string): Zone {
  try {
    return zone(ctx.tz);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return argError(
      ctx,
      name,
      `unknown time zone '${ctx.tz}'`,
      "set the tz option to an IANA time zone name such as 'UTC' or 'America/New_York'",
    );
  }
}

const MAX_MS = 8.64e15;

/** Parses a time string for `name` (time or date), with a clear error listing the accepted forms. */
function parseTime(ctx: FnContext, name: string, input: string, baseMs: number, z: Zone): number {
  try {
    return evaluateTime(input, baseMs, z);
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    return argError(
      ctx,
      name,
      `cannot read '${abbreviate(input, 60)}' as a date or time: ${e.message}`,
      `accepted forms include ${TIME_FORMS.join(", ")}`,
    );
  }
}

export const dates: FunctionFamily = [
  {
    name: "date",
    signature: "date([string format [, number timestamp]]) → string",
    description:
      "Formats a UNIX timestamp in seconds (default: now) with Java SimpleDateFormat letters in the render's time zone; default format 'MMMM d, yyyy'.",
    params: [
      param("format", "string", { optional: true }),
      param("timestamp", "any", { optional: true, nullable: true }),
    ],
    examples: [
      { template: "{date()}", output: "March 15, 2024" },
      { template: "{date('yyyy-MM-dd HH:mm:ss')}", output: "2024-03-15 12:00:00" },
      { template: "{date('EEEE, MMM d')}", output: "Friday, Mar 15" },
      { template: "{date('E')}", output: "Fri" },
      { template: "{date('h:mm a z')}", output: "12:00 PM UTC" },
      { template: "{date(\"yyyy-MM-dd'T'HH:mm:ssXXX\", 0)}", output: "1970-01-01T00:00:00Z" },
      { template: "{date('MMM dd, yyyy', time('+1 week'))}", output: "Mar 22, 2024" },
      { template: "{date('EEE, d MMM yyyy HH:mm:ss Z', 1328004000)}", output: "Tue, 31 Jan 2012 10:00:00 +0000" },
      { template: "{date('d/M/yy', '2012-01-31')}", output: "31/1/12" },
    ],
    call(ctx, [format, rawTimestamp]) {
      const timestamp = rawTimestamp instanceof FloatValue ? rawTimestamp.value : rawTimestamp;
      const pattern = format === undefined ? DEFAULT_DATE_FORMAT : (format as string);
      const z = renderZone(ctx, "date");
      let ms: number;
      if (timestamp === undefined) ms = ctx.now;
      else if (timestamp === null) return null;
      else if (typeof timestamp === "number") ms = timestamp * 1000;
      else if (typeof timestamp === "string") {
        const n = toNumber(timestamp);
        if (n !== undefined) ms = n * 1000;
        else if (timestamp.trim() === "") return null;
        else ms = parseTime(ctx, "date", timestamp, ctx.now, z);
      } else {
        return argError(
          ctx,
          "date",
          `the timestamp must be a number of seconds or a date string, got ${describeType(timestamp)}`,
        );
      }
      if (!Number.isFinite(ms) || Math.abs(ms) > MAX_MS) {
        argError(ctx, "date", `the timestamp ${timestamp} is out of range`);
      }
      try {
        return formatDate(pattern, ms, ctx.tz, z);
      } catch (e) {
        if (!(e instanceof DatePatternError)) throw e;
        return argError(
          ctx,
          "date",
          `'${pattern}' is not a valid date format: ${e.message}`,
          "use Java SimpleDateFormat letters, e.g. 'yyyy-MM-dd', 'MMM d, yyyy', 'EEEE h:mm a'",
        );
      }
    },
  },
  {
    name: "time",
    signature: "time([string input [, number now]]) → number",
    description:
      "A UNIX timestamp in seconds: now, or a date, time or relative phrase ('tomorrow', '+1 week', 'Jan 31, 2012', '3 PM', ...) read in the render's time zone, relative to `now` (seconds; default the render clock).",
    params: [
      param("input", "any", { optional: true, nullable: true }),
      param("now", "number", { optional: true, nullable: true }),
    ],
    examples: [
      { template: "{time()}", output: "1710504000" },
      { template: "{time('now')}", output: "1710504000" },
      { template: "{time('+1 day') - time('now')}", output: "86400" },
      { template: "{date('yyyy-MM-dd', time('-1 year'))}", output: "2023-03-15" },
      { template: "{date('yyyy-MM-dd HH:mm', time('tomorrow'))}", output: "2024-03-16 00:00" },
      { template: "{date('EEE yyyy-MM-dd h a', time('+2 weeks Wednesday 3 PM'))}", output: "Wed 2024-04-03 3 PM" },
      { template: "{time('Jan 31, 2012')}", output: "1327968000" },
      { template: "{time('1/31/12')}", output: "1327968000" },
      { template: "{time('2023-11-01 19:00:34.733Z')}", output: "1698865234" },
      { template: "{date('yyyy-MM-dd', time('first day of next month'))}", output: "2024-04-01" },
      { template: "{time('+1 hour', 0)}", output: "3600" },
    ],
    call(ctx, [rawInput, now]) {
      const input = rawInput instanceof FloatValue ? rawInput.value : rawInput;
      const baseMs = now === undefined || now === null ? ctx.now : (now as number) * 1000;
      if (!Number.isFinite(baseMs) || Math.abs(baseMs) > MAX_MS) argError(ctx, "time", `'now' ${now} is out of range`);
      if (input === undefined) return Math.floor(baseMs / 1000);
      if (input === null) return null;
      if (typeof input === "number")
        return Number.isFinite(input) ? Math.floor(input) : argError(ctx, "time", `${input} is not a timestamp`);
      if (typeof input !== "string") {
        return argError(ctx, "time", `expected a date or time string, got ${describeType(input)}`);
      }
      if (input.trim() === "") return null;
      const z = renderZone(ctx, "time");
      return Math.floor(parseTime(ctx, "time", input.trim(), baseMs, z) / 1000);
    },
  },
];
