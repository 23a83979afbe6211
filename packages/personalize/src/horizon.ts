import type { ContentItem, ProviderContext } from "@zephyr/zephyr";
import { interestMap, interestScore } from "./algorithms/interest.js";
import { requestError } from "./errors.js";
import { compareScores } from "./rank.js";

/**
 * `horizon_select(items, n)`: up to `n` of `items` by descending interest (the `interest` algorithm's score: the
 * highest then the total interest of the item's `tags`, an array or a comma-separated string, boosted by `weight`).
 * Equal scores keep their input order. Returns the input objects themselves, as Sailthru does.
 */
export function horizonSelect(items: ContentItem[], quantity: number, context: ProviderContext): ContentItem[] {
  if (!Array.isArray(items)) {
    throw requestError("ZE_HORIZON_BAD_ITEMS", "horizon_select() needs a list of items as its first argument");
  }
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw requestError(
      "ZE_HORIZON_BAD_QUANTITY",
      `horizon_select() quantity must be a whole number 0 or more, not ${quantity}`,
    );
  }
  const interests = interestMap(context.interests);
  return items
    .map((item, index) => ({ item, index, score: isItem(item) ? interestScore(item, interests) : [] }))
    .sort((a, b) => compareScores(a.score, b.score) || a.index - b.index)
    .slice(0, quantity)
    .map((entry) => entry.item);
}

function isItem(value: unknown): value is ContentItem {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
