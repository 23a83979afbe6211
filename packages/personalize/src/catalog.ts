import type { ContentItem, ContentProvider, PersonalizeRequest, ProviderContext } from "@zephyr/zephyr";
import { ZephyrError } from "@zephyr/zephyr";
import { horizonSelect } from "./horizon.js";
import { record } from "./item.js";
import { recommend } from "./personalize.js";
import { readTextFile } from "./read-file.js";

/** A Sailthru-feed-shaped catalog: `content` holds the items; other top-level keys are feed globals. */
export interface Catalog {
  content: ContentItem[];
  [key: string]: unknown;
}

/** Answers `personalize()` from a catalog's items (or only from the request's `content` when there is no catalog). */
export class CatalogProvider implements ContentProvider {
  readonly catalog?: Catalog;

  constructor(catalog?: Catalog) {
    this.catalog = catalog === undefined ? undefined : checkCatalog(catalog, "catalog");
  }

  personalize(request: PersonalizeRequest, context: ProviderContext): ContentItem[] {
    return recommend(request, context, this.catalog?.content);
  }

  horizonSelect(items: ContentItem[], quantity: number, context: ProviderContext): ContentItem[] {
    return horizonSelect(items, quantity, context);
  }
}

/** Reads and checks a catalog file; any problem is a ZephyrError naming the file. */
export async function loadCatalog(path: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (cause) {
    const reason =
      (cause as { code?: unknown }).code === "ENOENT"
        ? "no such file"
        : cause instanceof Error
          ? cause.message
          : String(cause);
    throw new ZephyrError({ code: "ZE_CATALOG_READ", message: `cannot read catalog ${path}: ${reason}`, cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ZephyrError({
      code: "ZE_CATALOG_NOT_JSON",
      message: `catalog ${path} is not JSON: ${(cause as Error).message}`,
      cause,
    });
  }
  return checkCatalog(value, path);
}

/**
 * Checks that `value` is `{"content": [items], ...}` where every item is an object with a non-empty string `url`
 * and a string `title`. `source` (a file name or URL) is named in the error.
 */
export function checkCatalog(value: unknown, source: string): Catalog {
  const invalid = (message: string, hint?: string) =>
    new ZephyrError({ code: "ZE_CATALOG_INVALID", message: `${source}: ${message}`, hint });
  if (Array.isArray(value)) {
    throw invalid("expected an object with a 'content' list, found a list", 'wrap the items: {"content": [...]}');
  }
  const content = record(value).content;
  if (!Array.isArray(content)) {
    throw invalid("has no 'content' list of items", 'a catalog looks like {"content": [{"title": ..., "url": ...}]}');
  }
  content.forEach((item, index) => {
    const fields = record(item);
    const name = typeof fields.title === "string" ? ` ("${fields.title}")` : "";
    if (fields !== item) throw invalid(`content[${index}] is not an object`);
    if (typeof fields.url !== "string" || fields.url === "") throw invalid(`content[${index}]${name} has no url`);
    if (typeof fields.title !== "string") throw invalid(`content[${index}] (${fields.url}) has no title`);
  });
  return value as Catalog;
}
