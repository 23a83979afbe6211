/** The send time the rules compare dates with: the render clock (`now`), as the engine reads it. */

/** A clock as the engine's `now` option takes it: a Date, an ISO 8601 string or milliseconds since 1970. */
export type Clock = Date | string | number;

/** Milliseconds since 1970 for a clock; the current time when there is none. Throws a RangeError for a bad one. */
export function clockMillis(now: Clock | undefined): number {
  if (now === undefined) return Date.now();
  if (typeof now === "string" && last?.text === now) return last.ms;
  const ms = now instanceof Date ? now.getTime() : typeof now === "number" ? now : Date.parse(now);
  if (!Number.isFinite(ms))
    throw new RangeError(
      `'now' must be a date, an ISO 8601 string or milliseconds; got ${JSON.stringify(String(now))}`,
    );
  if (typeof now === "string") last = { text: now, ms };
  return ms;
}

/** The last clock text parsed: a batch passes the same `now` to every render. */
let last: { text: string; ms: number } | undefined;
