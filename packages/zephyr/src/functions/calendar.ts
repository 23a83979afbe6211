/**
 * Wall-clock arithmetic in an IANA time zone, through Intl (no time-zone data of our own). Proleptic Gregorian
 * calendar; instants are milliseconds since the epoch.
 */

/** Local date and time fields of an instant in a zone. `month` is 1–12, `weekday` 0 (Sunday) – 6. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
  /** Offset from UTC in milliseconds (local = UTC + offset). */
  offset: number;
}

const MS_PER_DAY = 86_400_000;

/** A zone: either an IANA name read through Intl, or a fixed offset (from a time string such as `+02:00`). */
export type Zone = { kind: "iana"; name: string; fmt: Intl.DateTimeFormat } | { kind: "fixed"; offset: number };

const zones = new Map<string, Zone>();

/** The zone of an IANA name (cached). Throws RangeError for an unknown name. */
export function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    const resolved = fmt.resolvedOptions().timeZone;
    z =
      resolved === "UTC" || resolved === "Etc/UTC" || resolved === "Etc/GMT"
        ? { kind: "fixed", offset: 0 }
        : { kind: "iana", name, fmt };
    if (zones.size > 100) zones.clear();
    zones.set(name, z);
  }
  return z;
}

export function fixedZone(offsetMs: number): Zone {
  return { kind: "fixed", offset: offsetMs };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
export function offsetAt(z: Zone, ms: number): number {
  if (z.kind === "fixed") return z.offset;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of z.fmt.formatToParts(ms)) {
    switch (part.type) {
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        hour = Number(part.value) % 24;
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
      case "era":
        bc = part.value === "BC" || part.value === "B";
        break;
    }
  }
  if (bc) year = 1 - year;
  const wall = utcFromFields(year, month, day, hour, minute, second, 0);
  const whole = ms - mod(ms, 1000);
  return wall - whole;
}

/** Milliseconds of a UTC date and time, valid for any year (Date.UTC maps years 0–99 to 1900–1999). */
export function utcFromFields(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

export function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Local fields of an instant in a zone. */
export function localTime(z: Zone, ms: number): LocalTime {
  const offset = offsetAt(z, ms);
  const d = new Date(ms + offset);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
    offset,
  };
}

/**
 * The instant of a local date and time in a zone (fields may overflow: month 13, day 0, ...). A time skipped by a
 * daylight-saving change moves forward by the change (02:30 → 03:30); a repeated time takes the first occurrence.
 */
export function instantOf(
  z: Zone,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const wall = utcFromFields(year, month, day, hour, minute, second, ms);
  if (z.kind === "fixed") return wall - z.offset;
  const before = offsetAt(z, wall - MS_PER_DAY);
  const after = offsetAt(z, wall + MS_PER_DAY);
  const c1 = wall - before;
  if (offsetAt(z, c1) === before) return c1;
  const c2 = wall - after;
  if (offsetAt(z, c2) === after) return c2;
  return c1;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Day of the year, 1-based. */
export function dayOfYear(year: number, month: number, day: number): number {
  return (
    Math.round((utcFromFields(year, month, day, 0, 0, 0, 0) - utcFromFields(year, 1, 1, 0, 0, 0, 0)) / MS_PER_DAY) + 1
  );
}

/** Weekday of a date, 0 (Sunday) – 6. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(utcFromFields(year, month, day, 0, 0, 0, 0)).getUTCDay();
}

/**
 * Week of the year and week-based year with the en-US rules Java's default calendar uses: weeks start on Sunday
 * and week 1 is the week that contains January 1 (so December 29–31 may fall in week 1 of the next year).
 */
export function usWeek(year: number, month: number, day: number): { week: number; weekYear: number } {
  const doy = dayOfYear(year, month, day);
  const dow = weekdayOf(year, month, day);
  const daysInYear = isLeapYear(year) ? 366 : 365;
  if (doy - dow + 6 > daysInYear) return { week: 1, weekYear: year + 1 };
  const jan1 = weekdayOf(year, 1, 1);
  return { week: Math.floor((doy - 1 + jan1) / 7) + 1, weekYear: year };
}

/** Week of the month with the same rules (the week containing the 1st is week 1). */
export function usWeekOfMonth(year: number, month: number, day: number): number {
  return Math.floor((day - 1 + weekdayOf(year, month, 1)) / 7) + 1;
}
