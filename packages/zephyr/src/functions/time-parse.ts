/**
 * The `time()` parser: a documented subset of PHP's strtotime, evaluated on the wall clock of a zone.
 *
 * A string is a sequence of items separated by spaces or commas; each item is one of the forms in `TIME_FORMS`.
 * Evaluation (as PHP's timelib does): start from the base instant's local date and time; an absolute date replaces
 * the date (and resets the time to midnight unless a time is given); a time replaces the time; `today`,
 * `midnight`, `tomorrow`, `yesterday` and weekday names reset the time to midnight; then the weekday moves the
 * date forward to that day (today if it already is; `next` = strictly after, `last` = strictly before); then
 * relative years, months (the day is clamped to the month's length: Jan 31 + 1 month = Feb 29), weeks and days
 * move the date; `first/last day of` picks the month's first or last day; the wall time is converted to an
 * instant in the zone (or in the string's own offset, `Z` / `+02:00`); finally relative hours, minutes and
 * seconds are added as elapsed time.
 */
import { daysInMonth, fixedZone, instantOf, localTime, utcFromFields, type Zone } from "./calendar.js";

export const TIME_FORMS = [
  "'now'",
  "'today'",
  "'tomorrow'",
  "'yesterday'",
  "'midnight'",
  "'noon'",
  "'+1 week'",
  "'-2 days'",
  "'+3 hours'",
  "'+90 minutes'",
  "'3 days ago'",
  "'next month'",
  "'wednesday'",
  "'next friday'",
  "'last monday'",
  "'+2 weeks Wednesday 3 PM'",
  "'first day of next month'",
  "'2012-01-31'",
  "'2012-01-31 19:00:34'",
  "'2023-11-01 19:00:34.733Z'",
  "'2012-01-31T19:00:34+02:00'",
  "'2012/01/31'",
  "'1/31/12'",
  "'1/31/2012'",
  "'31.01.2012'",
  "'Jan 31, 2012'",
  "'January 31'",
  "'31 January 2012'",
  "'Tue, 31 Jan 2012 10:00:00 +0000'",
  "'3 PM'",
  "'3:30pm'",
  "'15:30'",
  "'@1700000000'",
];

export class TimeParseError extends Error {}

interface Parsed {
  timestamp?: number;
  date?: { y?: number; m: number; d: number };
  time?: { h: number; mi: number; s: number; ms: number };
  zone?: number;
  resetTime: boolean;
  weekday?: { dow: number; mode: "this" | "next" | "last" };
  dayOf?: "first" | "last";
  rel: { y: number; mo: number; d: number; h: number; mi: number; s: number };
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH =
  "(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\\.?(?![a-z])";

const WEEKDAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const WEEKDAY =
  "(sunday|monday|tuesday|wednesday|thursday|friday|saturday|tues|thurs|thur|sun|mon|tue|wed|thu|fri|sat)\\.?(?![a-z])";

type Unit = "y" | "mo" | "w" | "d" | "h" | "mi" | "s" | "f";
const UNITS: Record<string, Unit> = {
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  min: "mi",
  mins: "mi",
  minute: "mi",
  minutes: "mi",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  day: "d",
  days: "d",
  wk: "w",
  wks: "w",
  week: "w",
  weeks: "w",
  fortnight: "f",
  fortnights: "f",
  month: "mo",
  months: "mo",
  yr: "y",
  yrs: "y",
  year: "y",
  years: "y",
};
const UNIT =
  "(seconds|second|secs|sec|minutes|minute|mins|min|hours|hour|hrs|hr|days|day|weeks|week|wks|wk|fortnights|fortnight|months|month|years|year|yrs|yr)(?![a-z])";

const TIME24 = "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?";
const ZONE = "(?:(z|[+-]\\d{2}(?::?\\d{2})?)|\\s+(utc|gmt|z)(?![a-z])|\\s+([+-]\\d{4})(?!\\d)(?!\\s*[a-z]))?";

type Rule = { re: RegExp; apply: (m: RegExpExecArray, p: Parsed) => void };

function rule(source: string, apply: Rule["apply"]): Rule {
  return { re: new RegExp(source, "y"), apply };
}

function setDate(p: Parsed, y: number | undefined, m: number, d: number): void {
  if (p.date) throw new TimeParseError("it has two dates");
  p.date = { y, m, d };
}

function setTime(p: Parsed, h: number, mi: number, s: number, frac: string | undefined): void {
  if (p.time) throw new TimeParseError("it has two times of day");
  if (h > 23 || mi > 59 || s > 59) throw new TimeParseError(`${h}:${String(mi).padStart(2, "0")} is not a time of day`);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  p.time = { h, mi, s, ms };
}

function setZone(p: Parsed, z: string | undefined): void {
  if (!z) return;
  if (p.zone !== undefined) throw new TimeParseError("it has two time zones");
  if (z === "z" || z === "utc" || z === "gmt") {
    p.zone = 0;
    return;
  }
  const sign = z[0] === "-" ? -1 : 1;
  const digits = z.slice(1).replace(":", "");
  const h = Number(digits.slice(0, 2));
  const mi = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (h > 14 || mi > 59) throw new TimeParseError(`${z} is not a UTC offset`);
  p.zone = sign * (h * 60 + mi) * 60_000;
}

function twoDigitYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

function addRel(p: Parsed, amount: number, unit: Unit): void {
  switch (unit) {
    case "w":
      p.rel.d += 7 * amount;
      break;
    case "f":
      p.rel.d += 14 * amount;
      break;
    default:
      p.rel[unit] += amount;
  }
}

function setWeekday(p: Parsed, name: string, mode: "this" | "next" | "last"): void {
  if (p.weekday) throw new TimeParseError("it has two weekdays");
  p.weekday = { dow: WEEKDAYS[name], mode };
  p.resetTime = true;
}

const RULES: Rule[] = [
  rule("@(-?\\d+(?:\\.\\d+)?)", (m, p) => {
    if (p.timestamp !== undefined) throw new TimeParseError("it has two timestamps");
    p.timestamp = Number(m[1]) * 1000;
  }),
  // ISO 8601: 2012-01-31, 2012-01-31 19:00, 2012-01-31T19:00:34.733Z, 2012-01-31T19:00:34+02:00
  rule(`(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:(?:t|\\s+)${TIME24}${ZONE})?(?![\\d:])`, (m, p) => {
    setDate(p, Number(m[1]), Number(m[2]), Number(m[3]));
    if (m[4] !== undefined) {
      setTime(p, Number(m[4]), Number(m[5]), m[6] ? Number(m[6]) : 0, m[7]);
      setZone(p, m[8] ?? m[9] ?? m[10]);
    }
  }),
  rule("(\\d{4})/(\\d{1,2})/(\\d{1,2})(?!\\d)", (m, p) => setDate(p, Number(m[1]), Number(m[2]), Number(m[3]))),
  rule("(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?(?![\\d/])", (m, p) =>
    setDate(p, m[3] === undefined ? undefined : twoDigitYear(m[3]), Number(m[1]), Number(m[2])),
  ),
  rule("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})(?![\\d.])", (m, p) =>
    setDate(p, twoDigitYear(m[3]), Number(m[2]), Number(m[1])),
  ),
  // Jan 31, 2012 · January 31st 2012 · Jan 31
  rule(`${MONTH}\\s*(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])(?:,?\\s*(\\d{4})(?![\\d:]))?`, (m, p) =>
    setDate(p, m[3] === undefined ? undefined : Number(m[3]), MONTHS[m[1]], Number(m[2])),
  ),
  // 31 Jan 2012 · 31-jan-2012 · 31st of January
  rule(`(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?[\\s-]*${MONTH}(?:[\\s,-]*(\\d{4})(?![\\d:]))?`, (m, p) =>
    setDate(p, m[3] === undefined ? undefined : Number(m[3]), MONTHS[m[2]], Number(m[1])),
  ),
  // January 2012
  rule(`${MONTH}\\s*(\\d{4})(?![\\d:])`, (m, p) => setDate(p, Number(m[2]), MONTHS[m[1]], 1)),
  // 3 PM · 3:30pm · 11:15:20 a.m.
  rule("(\\d{1,2})(?::(\\d{2}))?(?::(\\d{2}))?\\s*(am|pm|a\\.m\\.|p\\.m\\.)(?![a-z])", (m, p) => {
    let h = Number(m[1]);
    if (h < 1 || h > 12) throw new TimeParseError(`${m[0]} is not a time of day (hours go from 1 to 12)`);
    if (h === 12) h = 0;
    if (m[4][0] === "p") h += 12;
    setTime(p, h, m[2] ? Number(m[2]) : 0, m[3] ? Number(m[3]) : 0, undefined);
  }),
  // 15:30 · 15:30:45 · 15:30:45.250 (+ zone)
  rule(`t?${TIME24}${ZONE}(?![\\d:])`, (m, p) => {
    setTime(p, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : 0, m[4]);
    setZone(p, m[5] ?? m[6] ?? m[7]);
  }),
  rule("(now)(?![a-z])", () => {}),
  rule("(today|midnight)(?![a-z])", (_m, p) => {
    p.resetTime = true;
  }),
  rule("(noon)(?![a-z])", (_m, p) => setTime(p, 12, 0, 0, undefined)),
  rule("(tomorrow)(?![a-z])", (_m, p) => {
    p.resetTime = true;
    p.rel.d += 1;
  }),
  rule("(yesterday)(?![a-z])", (_m, p) => {
    p.resetTime = true;
    p.rel.d -= 1;
  }),
  rule("(first|last)\\s+day\\s+of(?![a-z])", (m, p) => {
    if (p.dayOf) throw new TimeParseError("it has two 'first/last day of'");
    p.dayOf = m[1] as "first" | "last";
  }),
  rule(`(?:(next|last|this)\\s+)?${WEEKDAY}`, (m, p) =>
    setWeekday(p, m[2], (m[1] as "next" | "last" | "this") ?? "this"),
  ),
  rule(`([+-]?)\\s*(\\d+)\\s*${UNIT}`, (m, p) => addRel(p, (m[1] === "-" ? -1 : 1) * Number(m[2]), UNITS[m[3]])),
  rule(`(next|last|previous|this)\\s+${UNIT}`, (m, p) =>
    addRel(p, m[1] === "next" ? 1 : m[1] === "this" ? 0 : -1, UNITS[m[2]]),
  ),
  rule("(ago)(?![a-z])", (_m, p) => {
    const r = p.rel;
    r.y = -r.y;
    r.mo = -r.mo;
    r.d = -r.d;
    r.h = -r.h;
    r.mi = -r.mi;
    r.s = -r.s;
  }),
  rule("(utc|gmt|z)(?![a-z])", (m, p) => setZone(p, m[1])),
];

const SEPARATOR = /[\s,]+/y;

export function parseTimeString(input: string): Parsed {
  const s = input.toLowerCase();
  const p: Parsed = { resetTime: false, rel: { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0 } };
  let i = 0;
  let items = 0;
  while (i < s.length) {
    SEPARATOR.lastIndex = i;
    if (SEPARATOR.test(s)) {
      i = SEPARATOR.lastIndex;
      continue;
    }
    let matched = false;
    for (const r of RULES) {
      r.re.lastIndex = i;
      const m = r.re.exec(s);
      if (m && m[0].length > 0) {
        r.apply(m, p);
        i = r.re.lastIndex;
        matched = true;
        items++;
        break;
      }
    }
    if (!matched) {
      // the word that failed, with the next one when it is a modifier ('next blursday')
      const word = /^(?:(?:next|last|this|previous|first)\s+)?\S+/i.exec(input.slice(i))?.[0] ?? input.slice(i);
      throw new TimeParseError(`'${word}' is not understood`);
    }
  }
  if (items === 0) throw new TimeParseError("it is empty");
  return p;
}

/** Evaluates a time string against a base instant in a zone; returns milliseconds since the epoch. */
export function evaluateTime(input: string, baseMs: number, tz: Zone): number {
  const p = parseTimeString(input);
  const z = p.zone === undefined ? tz : fixedZone(p.zone);
  const base = localTime(z, p.timestamp ?? baseMs);
  let { year, month, day, hour, minute, second, millisecond } = base;
  if (p.date) {
    year = p.date.y ?? year;
    month = p.date.m;
    day = p.date.d;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new TimeParseError(`${year}-${pad2(month)}-${pad2(day)} is not a date`);
    }
  }
  if (p.time) {
    ({ h: hour, mi: minute, s: second, ms: millisecond } = p.time);
  } else if (p.date || p.resetTime) {
    hour = minute = second = millisecond = 0;
  }
  if (p.weekday) {
    const current = new Date(utcFromFields(year, month, day, 0, 0, 0, 0)).getUTCDay();
    const target = p.weekday.dow;
    if (p.weekday.mode === "last") day -= (current - target + 7) % 7 || 7;
    else if (p.weekday.mode === "next") day += (target - current + 7) % 7 || 7;
    else day += (target - current + 7) % 7;
  }
  if (p.rel.y !== 0 || p.rel.mo !== 0) {
    // normalise the day first (the weekday may have moved it past the month's end), then move by whole months
    const d = new Date(utcFromFields(year, month, day, 0, 0, 0, 0));
    const months = d.getUTCFullYear() * 12 + d.getUTCMonth() + p.rel.y * 12 + p.rel.mo;
    year = Math.floor(months / 12);
    month = months - year * 12 + 1;
    day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  }
  day += p.rel.d;
  if (p.dayOf) {
    const d = new Date(utcFromFields(year, month, day, 0, 0, 0, 0));
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
    day = p.dayOf === "first" ? 1 : daysInMonth(year, month);
  }
  const unchanged =
    year === base.year &&
    month === base.month &&
    day === base.day &&
    hour === base.hour &&
    minute === base.minute &&
    second === base.second &&
    millisecond === base.millisecond;
  // Unchanged wall time: keep the base instant (it may be the second occurrence of a repeated hour).
  let ms = unchanged ? (p.timestamp ?? baseMs) : instantOf(z, year, month, day, hour, minute, second, millisecond);
  ms += ((p.rel.h * 60 + p.rel.mi) * 60 + p.rel.s) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new TimeParseError("the date is out of range");
  return ms;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
