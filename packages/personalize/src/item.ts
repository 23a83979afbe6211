import type { ContentItem } from "@zephyr/zephyr";

/** Sailthru's tag form: trimmed, lower-case, runs of spaces turned into one dash (`"Summer Sale"` → `summer-sale`). */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, "-");
}

/** Tags given as an array of strings or one comma-separated string, normalized, without blanks or repeats. */
export function tagList(value: unknown): string[] {
  const raw = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
  const tags = raw.filter((t): t is string => typeof t === "string").map(normalizeTag);
  return [...new Set(tags.filter((t) => t !== ""))];
}

/** An item's normalized tags (`tags` may be an array or a comma-separated string). */
export function tagsOf(item: ContentItem): string[] {
  return tagList(item.tags);
}

/** Milliseconds since the epoch of a feed date: unix seconds (number or digit string) or a date string. */
export function dateMillis(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value * 1000 : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when the item has a flat `image` or an `images.full.url` / `images.thumb.url`. */
export function hasImage(item: ContentItem): boolean {
  const images = record(item.images);
  return [item.image, record(images.full).url, record(images.thumb).url].some((u) => typeof u === "string" && u !== "");
}

/** The identifier kinds `context_key_type` and `custom_key_type` accept. */
export const KEY_TYPES = ["url", "sku", "title", "content_id"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

const KEY_FIELDS: Record<KeyType, string> = { url: "url", sku: "sku", title: "title", content_id: "id" };

/** The item's identifier of that kind (`content_id` reads the item's `id`), as a string. */
export function keyOf(item: ContentItem, type: KeyType): string | undefined {
  const value = item[KEY_FIELDS[type]];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** The first item whose identifier of that kind equals `key`. */
export function findItem(items: readonly ContentItem[], type: KeyType, key: string): ContentItem | undefined {
  return items.find((item) => keyOf(item, type) === key);
}

/** A plain object's own properties, or an empty record for anything else. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A deep copy of plain data (arrays and objects; other values are shared), so callers can't reach our objects. */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (typeof value !== "object" || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyData(v)])) as T;
}
