import type { ContentItem, ContentProvider, PersonalizeRequest, ProviderContext } from "@zephyr/zephyr";
import { horizonSelect } from "./horizon.js";
import { recommend } from "./personalize.js";

/**
 * A fixed list of items, for embedding and tests: `personalize()` validates the request like the catalog provider,
 * applies the same filters (expiry, image, tags) and returns the first `size` items in list order, whatever the
 * algorithm.
 */
export class StaticProvider implements ContentProvider {
  constructor(private readonly items: readonly ContentItem[]) {}

  personalize(request: PersonalizeRequest, context: ProviderContext): ContentItem[] {
    return recommend(request, context, this.items, ({ candidates }) => candidates);
  }

  horizonSelect(items: ContentItem[], quantity: number, context: ProviderContext): ContentItem[] {
    return horizonSelect(items, quantity, context);
  }
}
