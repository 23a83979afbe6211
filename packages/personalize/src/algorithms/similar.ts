import type { ContentItem } from "@zephyr/zephyr";
import { findItem, record, tagList, tagsOf } from "../item.js";
import { isRelated, rank, scoreEach } from "../rank.js";
import type { Algorithm, AlgorithmInput } from "./algorithm.js";

/** Something the user bought or looked at: its URL, its tags if known, and how many times it counts. */
interface HistoryEntry {
  url?: string;
  tags: string[];
  count: number;
}

/**
 * Similar to what the user bought: `profile.purchases[].items[]` (Sailthru's shape), each counted `qty` times
 * (default 1). Items already bought are left out.
 */
export const purchased: Algorithm = (input) => {
  const lines = list(input.context.profile.purchases).flatMap((purchase) => list(record(purchase).items));
  return similarTo(
    lines.map((line) => {
      const item = record(line);
      const qty = typeof item.qty === "number" && item.qty > 0 ? item.qty : 1;
      return { url: urlOf(item), tags: tagList(item.tags), count: qty };
    }),
    input,
  );
};

/**
 * Similar to what the user browsed: `profile.views`, a list of `{url, time}` page views (our convention), each view
 * counting once. Items already viewed are left out.
 */
export const viewed: Algorithm = (input) =>
  similarTo(
    list(input.context.profile.views).map((view) => ({ url: urlOf(record(view)), tags: [], count: 1 })),
    input,
  );

/**
 * Each history entry adds its `count` to each of its tags (its own `tags`, else those of the library item with its
 * URL). A candidate scores the sum of its tags' weights; history items and items with score 0 are left out.
 */
function similarTo(history: HistoryEntry[], { candidates, library }: AlgorithmInput): ContentItem[] {
  const weights = new Map<string, number>();
  for (const entry of history) {
    const known = entry.url === undefined ? undefined : findItem(library, "url", entry.url);
    const tags = entry.tags.length > 0 ? entry.tags : tagList(known?.tags);
    for (const tag of tags) weights.set(tag, (weights.get(tag) ?? 0) + entry.count);
  }
  const seen = new Set(history.flatMap((entry) => entry.url ?? []));
  const fresh = candidates.filter((item) => !seen.has(urlOf(item) ?? ""));
  const scored = scoreEach(fresh, (item) => [tagsOf(item).reduce((total, t) => total + (weights.get(t) ?? 0), 0)]);
  return rank(scored.filter(isRelated));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function urlOf(item: Record<string, unknown>): string | undefined {
  return typeof item.url === "string" ? item.url : undefined;
}
