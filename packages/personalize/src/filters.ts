import type { ContentItem } from "@zephyr/zephyr";
import { dateMillis, hasImage, tagsOf } from "./item.js";
import type { Query } from "./request.js";

/**
 * Whether an item may be recommended at `now` (ms): not expired (unless `allow_expired`), with an image (unless
 * `image_required: false`), and passing the tag filters. The include lists are ANDed together; an item is dropped
 * when it has any `exclude_tags_any` tag or all `exclude_tags_all` tags.
 */
export function isEligible(item: ContentItem, query: Query, now: number): boolean {
  if (!query.allowExpired && isExpired(item, now)) return false;
  if (query.imageRequired && !hasImage(item)) return false;
  const tags = new Set(tagsOf(item));
  const has = (t: string) => tags.has(t);
  return (
    query.includeTagsAll.every(has) &&
    (query.includeTagsAny.length === 0 || query.includeTagsAny.some(has)) &&
    !query.excludeTagsAny.some(has) &&
    !(query.excludeTagsAll.length > 0 && query.excludeTagsAll.every(has))
  );
}

/** An `expire_date` (unix seconds or a date string) before `now`; an unreadable one counts as no expiry. */
function isExpired(item: ContentItem, now: number): boolean {
  const expires = dateMillis(item.expire_date);
  return expires !== undefined && expires < now;
}
