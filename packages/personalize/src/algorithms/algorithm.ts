import type { ContentItem, ProviderContext } from "@zephyr/zephyr";
import type { Query } from "../request.js";

export interface AlgorithmInput {
  query: Query;
  /** The items that may be recommended: the pool after the expiry, image and tag filters, in pool order. */
  candidates: ContentItem[];
  /** Where identifiers are looked up (context item, tags of purchased or viewed URLs): `content`, then the catalog. */
  library: readonly ContentItem[];
  context: ProviderContext;
}

/** Ranks candidates, strongest first; may return fewer (items with nothing in common are left out). */
export type Algorithm = (input: AlgorithmInput) => ContentItem[];
