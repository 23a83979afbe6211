import type { ContentItem } from "@zephyr/zephyr";
import { dateMillis } from "./item.js";

/** An item and its score: numbers compared in order, higher first (the second breaks ties of the first, ...). */
export interface Scored {
  item: ContentItem;
  score: readonly number[];
}

export function scoreEach(items: readonly ContentItem[], score: (item: ContentItem) => readonly number[]): Scored[] {
  return items.map((item) => ({ item, score: score(item) }));
}

/** True when any part of the score is positive: the item has something in common with what was asked. */
export function isRelated(scored: Scored): boolean {
  return scored.score.some((n) => n > 0);
}

/** Higher scores first; 0 when equal. */
export function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Ranked items: score (descending), then `date` (newest first; no date sorts last), then `url` (ascending, by code
 * unit), then input order. The same inputs always give the same order.
 */
export function rank(scored: readonly Scored[]): ContentItem[] {
  const keyed = scored.map((s, index) => ({
    ...s,
    index,
    date: dateMillis(s.item.date) ?? -Infinity,
    url: urlOf(s.item),
  }));
  keyed.sort(
    (a, b) =>
      compareScores(a.score, b.score) ||
      (b.date === a.date ? 0 : b.date > a.date ? 1 : -1) ||
      (a.url === b.url ? 0 : a.url < b.url ? -1 : 1) ||
      a.index - b.index,
  );
  return keyed.map((k) => k.item);
}

function urlOf(item: ContentItem): string {
  return typeof item.url === "string" ? item.url : "";
}
