import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ContentItem, ProviderContext } from "@zephyr/zephyr";
import type { Catalog } from "../src/catalog.js";

/** The clock the fixtures are written for. */
export const NOW = Date.parse("2025-03-15T12:00:00Z");

/** A provider context with no user data, the fixtures' clock and a random() that always draws 0. */
export function context(overrides: Partial<ProviderContext> = {}): ProviderContext {
  return { profile: {}, now: NOW, random: () => 0, interests: {}, timeoutMs: 5000, ...overrides };
}

export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../fixtures/${relative}`, import.meta.url));
}

/** A fresh copy of the hand-checked catalog (fixtures/catalogs/small.json). */
export function smallCatalog(): Catalog {
  return JSON.parse(readFileSync(fixturePath("catalogs/small.json"), "utf8")) as Catalog;
}

/** The small catalog's URL for a slug. */
export const url = (slug: string) => `https://shop.example.com/p/${slug}`;

/** The last path segment of each item's URL: a short name for the small catalog's items. */
export function slugs(items: readonly ContentItem[]): string[] {
  return items.map((item) => String(item.url).split("/").pop() ?? "");
}

/** A draw sequence for `context({ random })`. */
export function draws(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}
