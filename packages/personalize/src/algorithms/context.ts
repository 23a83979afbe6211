import { findItem, tagsOf } from "../item.js";
import { isRelated, rank, scoreEach } from "../rank.js";
import { togetherCount } from "../stats.js";
import type { Algorithm } from "./algorithm.js";

/**
 * Items that go with the context item (found by `context_key` / `context_key_type` in `content` or the catalog):
 * scored `[times viewed or bought together (stats.related), number of shared tags]`. Uses no user data. Items with
 * neither are left out, as is the context item itself; an unknown context key gives no items.
 */
export const context: Algorithm = ({ candidates, library, query }) => {
  const anchor = findItem(library, query.contextKeyType, query.contextKey ?? "");
  if (!anchor) return [];
  const anchorTags = new Set(tagsOf(anchor));
  const others = candidates.filter(
    (item) => item !== anchor && !(typeof item.url === "string" && item.url === anchor.url),
  );
  const scored = scoreEach(others, (item) => [
    togetherCount(anchor, item),
    tagsOf(item).filter((t) => anchorTags.has(t)).length,
  ]);
  return rank(scored.filter(isRelated));
};
