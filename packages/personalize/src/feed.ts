import type { ContentItem, ContentProvider, PersonalizeRequest, ProviderContext } from "@zephyr/zephyr";
import { ZephyrError } from "@zephyr/zephyr";
import { type Catalog, checkCatalog } from "./catalog.js";
import { download } from "./download.js";
import { horizonSelect } from "./horizon.js";
import { recommend } from "./personalize.js";

export interface FeedOptions {
  /** An http: or https: URL answering a Sailthru-shaped JSON feed (`{"content": [items], ...}`). */
  url: string;
  /** Give up on a request after this long (headers and body). Default 5000. */
  timeoutMs?: number;
  /** Refuse bodies larger than this. Default 10 MB. */
  maxBytes?: number;
  /** The fetch to use (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

interface Loaded {
  catalog: Catalog;
  etag?: string;
  /** `Date.now()` until which the copy is used without asking the server. */
  freshUntil: number;
}

/**
 * Fetches a JSON feed over HTTP(S) and answers `personalize()` from it with the catalog algorithms. The feed is kept
 * in memory as its `Cache-Control` allows: `max-age=N` is used for N seconds; without it (or with `no-cache`) each
 * load asks again, with `If-None-Match` when there was an `ETag`, and a `304` keeps the copy; `no-store` is never kept.
 */
export class FeedProvider implements ContentProvider {
  readonly url: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  private readonly fetch: typeof globalThis.fetch;
  private loaded?: Loaded;
  private pending?: Promise<Loaded>;

  constructor(options: FeedOptions) {
    this.url = checkUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** The feed (fetched, or from the cache): `content` and the other top-level keys, which templates see as globals. */
  async load(): Promise<Catalog> {
    return (await this.current(this.timeoutMs)).catalog;
  }

  async personalize(request: PersonalizeRequest, context: ProviderContext): Promise<ContentItem[]> {
    const { catalog } = await this.current(Math.min(this.timeoutMs, context.timeoutMs));
    return recommend(request, context, catalog.content);
  }

  horizonSelect(items: ContentItem[], quantity: number, context: ProviderContext): ContentItem[] {
    return horizonSelect(items, quantity, context);
  }

  /** The cached feed while fresh; otherwise one request shared by concurrent callers. */
  private current(timeoutMs: number): Promise<Loaded> {
    if (this.loaded && Date.now() < this.loaded.freshUntil) return Promise.resolve(this.loaded);
    this.pending ??= this.refresh(timeoutMs).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh(timeoutMs: number): Promise<Loaded> {
    const previous = this.loaded;
    const answer = await download(this.url, {
      timeoutMs,
      maxBytes: this.maxBytes,
      etag: previous?.etag,
      fetch: this.fetch,
    });
    const cache = cachePolicy(answer.headers);
    const loaded: Loaded = {
      catalog: answer.notModified && previous ? previous.catalog : parseFeed(answer.text, answer.headers, this.url),
      etag: answer.headers.get("etag") ?? previous?.etag,
      freshUntil: Date.now() + cache.maxAgeMs,
    };
    this.loaded = cache.store ? loaded : undefined;
    return loaded;
  }
}

function checkUrl(url: string): string {
  if (URL.canParse(url) && ["http:", "https:"].includes(new URL(url).protocol)) return url;
  throw new ZephyrError({ code: "ZE_FEED_URL", message: `feed URL ${JSON.stringify(url)} is not an http(s) URL` });
}

function parseFeed(text: string, headers: Headers, url: string): Catalog {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const type = headers.get("content-type") ?? "no Content-Type";
    const html = type.includes("html") || text.trimStart().startsWith("<");
    const message = html
      ? `feed ${url} returned an HTML page (${type}), not JSON: check the URL`
      : `feed ${url} is not JSON (${type}): ${(cause as Error).message}`;
    throw new ZephyrError({ code: "ZE_FEED_NOT_JSON", message, cause });
  }
  return checkCatalog(value, url);
}

/** What `Cache-Control` allows: whether to keep the feed, and for how long to use it without asking again. */
function cachePolicy(headers: Headers): { store: boolean; maxAgeMs: number } {
  const directives = (headers.get("cache-control") ?? "")
    .toLowerCase()
    .split(",")
    .map((d) => d.trim());
  if (directives.includes("no-store")) return { store: false, maxAgeMs: 0 };
  const maxAge = directives.includes("no-cache")
    ? 0
    : Number(directives.find((d) => d.startsWith("max-age="))?.slice(8));
  return { store: true, maxAgeMs: Number.isFinite(maxAge) && maxAge > 0 ? maxAge * 1000 : 0 };
}
