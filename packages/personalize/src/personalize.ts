import type { ContentItem, PersonalizeRequest, ProviderContext } from "@zephyr/zephyr";
import type { Algorithm } from "./algorithms/algorithm.js";
import { ALGORITHMS } from "./algorithms/index.js";
import { requestError } from "./errors.js";
import { isEligible } from "./filters.js";
import { copyData } from "./item.js";
import { parseRequest, type Query } from "./request.js";

/**
 * The `personalize()` pipeline every provider shares: validate the request; take `content` or else `catalog` as the
 * pool; keep eligible items (expiry, image, tags); rank them with `choose` (default: the requested algorithm); return
 * copies of the first `size`.
 */
export function recommend(
  request: PersonalizeRequest,
  context: ProviderContext,
  catalog: readonly ContentItem[] | undefined,
  choose?: Algorithm,
): ContentItem[] {
  const query = parseRequest(request);
  const pool = query.content ?? catalog;
  if (!pool) {
    throw requestError(
      "ZE_PERSONALIZE_NO_CATALOG",
      "personalize() has no items to choose from: pass 'content', or give the renderer a catalog or a feed",
    );
  }
  const candidates = pool.filter((item) => isEligible(item, query, context.now));
  const library = [...(query.content ?? []), ...(catalog ?? [])];
  const ranked = (choose ?? ALGORITHMS[query.algorithm])({ query, candidates, library, context });
  return ranked.slice(0, query.size).map((item) => present(item, query));
}

/** A copy for the template: without `stats` (provider input), `vars` unless asked, `expire_date` unless allowed. */
function present(item: ContentItem, query: Query): ContentItem {
  const copy = copyData(item);
  delete copy.stats;
  if (!query.includeVars) delete copy.vars;
  if (!query.allowExpired) delete copy.expire_date;
  return copy;
}
