import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContentItem } from "@zephyr/zephyr";
import { afterAll, describe, expect, it } from "vitest";
import { context, fixturePath } from "../test/helpers.js";
import { CatalogProvider, loadCatalog } from "./catalog.js";

const dir = mkdtempSync(join(tmpdir(), "personalize-catalog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadCatalog", () => {
  it("reads a catalog and keeps its other top-level keys", async () => {
    const path = file("ok.json", JSON.stringify({ store_name: "Shop", content: [{ title: "A", url: "https://a" }] }));
    expect(await loadCatalog(path)).toEqual({ store_name: "Shop", content: [{ title: "A", url: "https://a" }] });
  });

  it.each([
    ["missing.json", undefined, "ZE_CATALOG_READ", "cannot read catalog {path}: no such file"],
    ["broken.json", "{content: []}", "ZE_CATALOG_NOT_JSON", "catalog {path} is not JSON: "],
    ["list.json", "[]", "ZE_CATALOG_INVALID", "{path}: expected an object with a 'content' list, found a list"],
    ["nocontent.json", '{"items": []}', "ZE_CATALOG_INVALID", "{path}: has no 'content' list of items"],
    [
      "nourl.json",
      '{"content": [{"title": "A", "url": "u"}, {"title": "B"}]}',
      "ZE_CATALOG_INVALID",
      '{path}: content[1] ("B") has no url',
    ],
    [
      "notitle.json",
      '{"content": [{"url": "https://b"}]}',
      "ZE_CATALOG_INVALID",
      "{path}: content[0] (https://b) has no title",
    ],
    ["notitem.json", '{"content": ["https://b"]}', "ZE_CATALOG_INVALID", "{path}: content[0] is not an object"],
  ])("%s: a clear error naming the file", async (name, text, code, message) => {
    const path = text === undefined ? join(dir, name) : file(name, text);
    const error = await loadCatalog(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code, message: expect.stringContaining(message.replace("{path}", path)) });
  });

  it("the provider checks a catalog given in code too", () => {
    expect(() => new CatalogProvider({ content: [{ url: "https://x" }] })).toThrow(
      "catalog: content[0] (https://x) has no title",
    );
  });
});

describe("fixtures/catalogs/store.json", () => {
  it("is what generate.mjs writes (same seed, same bytes)", () => {
    const out = mkdtempSync(join(tmpdir(), "personalize-generate-"));
    try {
      execFileSync(process.execPath, [fixturePath("catalogs/generate.mjs"), out]);
      for (const generated of [
        "catalogs/store.json",
        "profiles/shopper-maya.json",
        "profiles/shopper-leo.json",
        "profiles/shopper-sam.json",
      ]) {
        expect(readFileSync(join(out, generated), "utf8"), generated).toBe(
          readFileSync(fixturePath(generated), "utf8"),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("is a valid catalog whose trending items clearly rose", async () => {
    const store = await loadCatalog(fixturePath("catalogs/store.json"));
    expect(store.content).toHaveLength(300);
    const provider = new CatalogProvider(store);
    const views = (item: ContentItem, from: number, to?: number) =>
      ((item.stats as { views: number[] }).views.slice(from, to) as number[]).reduce((a, b) => a + b, 0);
    const byUrl = new Map(store.content.map((item) => [item.url, item]));
    for (const item of provider.personalize({ algorithm: "trending", size: 5 }, context())) {
      const original = byUrl.get(item.url)!;
      expect(views(original, -7)).toBeGreaterThan(3 * views(original, -14, -7));
    }
  });

  it("the shoppers' history points at catalog items", async () => {
    const store = await loadCatalog(fixturePath("catalogs/store.json"));
    const urls = new Set(store.content.map((item) => item.url));
    for (const name of ["maya", "leo"]) {
      const profile = JSON.parse(readFileSync(fixturePath(`profiles/shopper-${name}.json`), "utf8"));
      const history = [...profile.purchases.flatMap((p: { items: unknown[] }) => p.items), ...profile.views];
      expect(history.length).toBeGreaterThan(0);
      for (const entry of history) expect(urls).toContain(entry.url);
      const ctx = context({ profile, interests: profile.interests });
      for (const algorithm of ["purchased", "viewed", "interest"]) {
        expect(new CatalogProvider(store).personalize({ algorithm }, ctx), `${name} ${algorithm}`).toHaveLength(5);
      }
    }
  });
});
