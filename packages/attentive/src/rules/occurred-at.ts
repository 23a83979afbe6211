/**
 * Custom and eCommerce events: `occurredAt` is an RFC 3339 date-time with an offset, and close enough to the send
 * time (the render clock, `now`) for journeys to fire: Attentive stores an event older than 12 hours but triggers
 * no journey with it.
 */
import { type Finding, quote, type Rule } from "../finding.js";

const HOUR = 3_600_000;
/** Older than this before the send time: no journey fires. */
export const STALE_AFTER_MS = 12 * HOUR;
/** Later than this after the send time: probably a time-zone mistake. */
export const FUTURE_AFTER_MS = HOUR / 4;

/** RFC 3339 `date-time`, plus the `+hhmm` offset of Attentive's own eCommerce example (group 8 tells them apart). */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:([Zz])|([+-])(\d{2})(:?)(\d{2}))?$/;

const EXAMPLE = "2024-03-15T12:00:00Z";

/** Milliseconds since 1970 for a date-time text, or why it is not one. */
export function parseOccurredAt(
  text: string,
): { ms: number; colonless: boolean } | { problem: "format" | "offset" | "range" } {
  const m = DATE_TIME.exec(text);
  if (!m) return { problem: "format" };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (m[7] === undefined && m[8] === undefined) return { problem: "offset" };
  const offsetHours = m[8] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[8] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) {
    return { problem: "range" };
  }
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, Math.min(second, 59));
  // 31 February rolls over into March: the day must survive the round trip.
  if (day < 1 || date.getUTCDate() !== day) return { problem: "range" };
  const utc = date.getTime();
  const sign = m[8] === "-" ? -1 : 1;
  return {
    ms: utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000,
    colonless: m[8] !== undefined && m[10] === "",
  };
}

/** `occurredAt` (when present and text; its type is the schema's) is a date-time Attentive reads as meant. */
export const occurredAt: Rule = (payload, context) => {
  const value = payload.occurredAt;
  if (typeof value !== "string") return [];
  const base = { path: "/occurredAt" } as const;
  if (value.trim() === "") {
    return [
      {
        ...base,
        severity: "error",
        code: "AT_OCCURRED_AT_INVALID",
        message: '"occurredAt" is empty.',
        hint: `Leave "occurredAt" out to use the time of the call, or write a date and time like "${EXAMPLE}".`,
      },
    ];
  }
  const parsed = parseOccurredAt(value);
  if ("problem" in parsed) {
    const why =
      parsed.problem === "offset"
        ? "has no time zone: Attentive needs Z (UTC) or an offset like +02:00 at the end"
        : parsed.problem === "range"
          ? "is not a real date and time"
          : `is not a date and time in the form ${EXAMPLE}`;
    return [
      {
        ...base,
        severity: "error",
        code: "AT_OCCURRED_AT_INVALID",
        message: `"occurredAt" ${why}: ${quote(value)}.`,
        hint:
          parsed.problem === "offset"
            ? `Add Z for UTC, like "${EXAMPLE}".`
            : `Write it like "${EXAMPLE}" (date, T, time, then Z or an offset like +02:00), or leave it out to use the time of the call.`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (parsed.colonless) {
    findings.push({
      ...base,
      severity: "warning",
      code: "AT_OCCURRED_AT_OFFSET_FORMAT",
      message: `The offset of "occurredAt" has no colon (${quote(value)}). Attentive's own example writes it so, but it is not RFC 3339, and not every reader accepts it.`,
      hint: "Write the offset with a colon, like +00:00, or write Z for UTC.",
    });
  }
  const age = context.now - parsed.ms;
  if (age > STALE_AFTER_MS) {
    findings.push({
      ...base,
      severity: "warning",
      code: "AT_OCCURRED_AT_STALE",
      message: `"occurredAt" is ${hours(age)} before the send time (${new Date(context.now).toISOString()}). Attentive stores an event older than 12 hours but does not start any journey with it.`,
      hint: 'Send events as they happen, or leave "occurredAt" out to use the time of the call.',
    });
  } else if (-age > FUTURE_AFTER_MS) {
    findings.push({
      ...base,
      severity: "warning",
      code: "AT_OCCURRED_AT_FUTURE",
      message: `"occurredAt" is ${hours(-age)} after the send time (${new Date(context.now).toISOString()}). This is usually a time-zone mistake in the template.`,
      hint: "Write the time in UTC, ending in Z, or with the offset of the time zone it was taken in.",
    });
  }
  return findings;
};

/** A duration in words: "13 hours", "2 days". */
function hours(ms: number): string {
  const h = ms / HOUR;
  if (h >= 48) return `${Math.floor(h / 24)} days`;
  if (h >= 1) return `${Math.floor(h)} hour${Math.floor(h) === 1 ? "" : "s"}`;
  return `${Math.round(ms / 60_000)} minutes`;
}
