import type { ContentItem } from "@zephyr/zephyr";
import { normalizeTag, tagsOf } from "../item.js";
import { rank, scoreEach } from "../rank.js";
import type { Algorithm } from "./algorithm.js";

/** Items best matching the user's interests (see `interestScore`). */
export const interest: Algorithm = ({ candidates, context }) => {
  const interests = interestMap(context.interests);
  return rank(scoreEach(candidates, (item) => interestScore(item, interests)));
};

/** Interest scores by normalized tag (1 = average), ignoring anything not a finite number. */
export function interestMap(interests: Readonly<Record<string, number>>): Map<string, number> {
  const map = new Map<string, number>();
  for (const [tag, score] of Object.entries(interests)) {
    if (typeof score === "number" && Number.isFinite(score)) map.set(normalizeTag(tag), score);
  }
  return map;
}

/**
 * `[highest, total]` interest over the item's tags (a tag without a score counts 0), both multiplied by
 * `1 + weight / 100` when the item has a positive numeric `weight` (weight 50 = ×1.5).
 */
export function interestScore(item: ContentItem, interests: ReadonlyMap<string, number>): number[] {
  const scores = tagsOf(item).map((t) => interests.get(t) ?? 0);
  const boost = typeof item.weight === "number" && item.weight > 0 ? 1 + item.weight / 100 : 1;
  return [Math.max(0, ...scores) * boost, scores.reduce((a, b) => a + b, 0) * boost];
}
