import type { ContentItem } from "@zephyr/zephyr";
import { record } from "./item.js";

/**
 * Behaviour stats an item may carry (our convention; Sailthru keeps them out of the feed):
 *
 * ```json
 * "stats": { "views": [14 daily counts], "purchases": [14 daily counts], "related": { "<item url>": count } }
 * ```
 * `views` and `purchases` are daily counts, oldest first and most recent last; the window is the array's length
 * (14 days in the fixtures). `related` counts how often the item was viewed or bought together with another item.
 * Missing or malformed stats read as no activity.
 */
type StatName = "views" | "purchases";

/** Days in each half of the trending comparison: the last 7 days against the 7 before them. */
const TREND_DAYS = 7;

/** The item's daily counts, most recent last; anything not a finite positive number counts as 0. */
export function dailyCounts(item: ContentItem, name: StatName): number[] {
  const values = record(item.stats)[name];
  return Array.isArray(values) ? values.map((v) => (typeof v === "number" && v > 0 && Number.isFinite(v) ? v : 0)) : [];
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Activity (views plus purchases) over the last `TREND_DAYS` days and over the `TREND_DAYS` days before them. */
export function recentAndPrevious(item: ContentItem): { recent: number; previous: number } {
  const series = [dailyCounts(item, "views"), dailyCounts(item, "purchases")];
  return {
    recent: sum(series.flatMap((counts) => counts.slice(-TREND_DAYS))),
    previous: sum(series.flatMap((counts) => counts.slice(-2 * TREND_DAYS, -TREND_DAYS))),
  };
}

/** How often `a` and `b` were viewed or bought together: the larger of `a`'s count for `b` and `b`'s for `a`. */
export function togetherCount(a: ContentItem, b: ContentItem): number {
  const count = (from: ContentItem, to: ContentItem) => {
    const n = typeof to.url === "string" ? record(record(from.stats).related)[to.url] : undefined;
    return typeof n === "number" && n > 0 ? n : 0;
  };
  return Math.max(count(a, b), count(b, a));
}
