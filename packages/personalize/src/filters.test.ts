import { describe, expect, it } from "vitest";
import { context, NOW, slugs, smallCatalog } from "../test/helpers.js";
import { CatalogProvider } from "./catalog.js";

// Orders below are `popular` on fixtures/catalogs/small.json (see algorithms.test.ts):
// sneakers 70 purchases, hoodie 28 (168 views), tee 28 (140 views), jeans 7, candle 0 (35 views), mug 0.
const catalog = smallCatalog();
const provider = new CatalogProvider(catalog);
const popular = (request: Record<string, unknown> = {}, ctx = context()) =>
  provider.personalize({ algorithm: "popular", size: 10, ...request }, ctx);

describe("tag filters", () => {
  it("include_tags_any keeps items with any of the tags (comma-separated, normalized)", () => {
    expect(slugs(popular({ include_tags_any: "Footwear, HOME" }))).toEqual([
      "canvas-sneakers",
      "soy-candle",
      "ceramic-mug",
    ]);
    // The candle's tag is written "Summer Sale" in the catalog.
    expect(slugs(popular({ include_tags_any: ["summer sale"] }))).toEqual(["soy-candle"]);
  });

  it("include_tags_all keeps items with all the tags; both include lists must hold", () => {
    expect(slugs(popular({ include_tags_all: ["apparel", "tops"] }))).toEqual(["fleece-hoodie", "classic-tee"]);
    expect(slugs(popular({ include_tags_all: "apparel", include_tags_any: ["white", "blue"] }))).toEqual([
      "classic-tee",
      "denim-jeans",
    ]);
  });

  it("exclude_tags_any drops items with any of the tags; exclude_tags_all drops items with all of them", () => {
    expect(slugs(popular({ exclude_tags_any: "apparel" }))).toEqual(["canvas-sneakers", "soy-candle", "ceramic-mug"]);
    expect(slugs(popular({ exclude_tags_all: ["apparel", "tops"] }))).toEqual([
      "canvas-sneakers",
      "denim-jeans",
      "soy-candle",
      "ceramic-mug",
    ]);
    expect(slugs(popular({ exclude_tags_any: ["apparel"], exclude_tags_all: ["home", "kitchen"] }))).toEqual([
      "canvas-sneakers",
      "soy-candle",
    ]);
  });

  it("an empty tag list filters nothing", () => {
    expect(popular({ include_tags_any: "", exclude_tags_all: [] })).toHaveLength(6);
  });
});

describe("expiry and images", () => {
  it("drops expired items unless allow_expired (boots: 84 purchases, expired 2025-03-01)", () => {
    expect(slugs(popular({ size: 2 }))).toEqual(["canvas-sneakers", "fleece-hoodie"]);
    expect(slugs(popular({ size: 2, allow_expired: true }))).toEqual(["leather-boots", "canvas-sneakers"]);
  });

  it("reads expire_date as unix seconds or a date string, and ignores an unreadable one", () => {
    const day = 86_400;
    const content = [
      { title: "past seconds", url: "u:1", image: "i", expire_date: NOW / 1000 - day },
      { title: "past digits", url: "u:2", image: "i", expire_date: String(NOW / 1000 - day) },
      { title: "past date", url: "u:3", image: "i", expire_date: "2025-03-14" },
      { title: "future date", url: "u:4", image: "i", expire_date: "2025-03-16T00:00:00Z" },
      { title: "future seconds", url: "u:5", image: "i", expire_date: NOW / 1000 + day },
      { title: "unreadable", url: "u:6", image: "i", expire_date: "soon" },
    ];
    expect(popular({ content }).map((i) => i.title)).toEqual(["future date", "future seconds", "unreadable"]);
  });

  it("drops items without an image unless image_required is false (tote: 21 purchases)", () => {
    expect(slugs(popular({ size: 4, image_required: false }))).toEqual([
      "canvas-sneakers",
      "fleece-hoodie",
      "classic-tee",
      "canvas-tote",
    ]);
  });

  it("counts a flat image, images.full.url or images.thumb.url as an image", () => {
    const content = [
      { title: "flat", url: "u:1", image: "https://cdn.example.com/a.jpg" },
      { title: "full", url: "u:2", images: { full: { url: "https://cdn.example.com/b.jpg" } } },
      { title: "thumb", url: "u:3", images: { thumb: { url: "https://cdn.example.com/c.jpg" } } },
      { title: "empty", url: "u:4", image: "", images: { full: {} } },
    ];
    expect(popular({ content }).map((i) => i.title)).toEqual(["flat", "full", "thumb"]);
  });
});

describe("returned items", () => {
  it("leave out stats, vars and expire_date unless asked for", () => {
    const [jeans] = popular({ include_tags_all: "denim" });
    expect(jeans).not.toHaveProperty("stats");
    expect(jeans).not.toHaveProperty("vars");
    expect(jeans).not.toHaveProperty("expire_date");
    expect(jeans).toMatchObject({ title: "Blue Straight Jeans", price: 6800, sku: "JEAN-001" });
    const [withVars] = popular({ include_tags_all: "denim", include_vars: true, allow_expired: true });
    expect(withVars).toMatchObject({ vars: { brand: "Harbor", color: "blue" }, expire_date: 1767225600 });
    expect(withVars).not.toHaveProperty("stats");
  });

  it("are copies: changing one leaves the catalog alone", () => {
    const before = structuredClone(catalog);
    const [first] = popular({ include_vars: true });
    (first.images as { full: { url: string } }).full.url = "changed";
    (first.vars as Record<string, unknown>).brand = "changed";
    (first.tags as string[]).push("changed");
    expect(catalog).toEqual(before);
    expect(slugs(popular({ size: 1 }))).toEqual(["canvas-sneakers"]);
  });
});

describe("content", () => {
  it("restricts the choice to the given items, ranked by the same algorithm", () => {
    const content = catalog.content.filter((item) => String(item.url).includes("canvas"));
    expect(slugs(popular({ content, image_required: false }))).toEqual(["canvas-sneakers", "canvas-tote"]);
  });

  it("works without a catalog", () => {
    const bare = new CatalogProvider();
    const content = [
      { title: "B", url: "https://example.com/b", image: "i", date: "2025-01-02" },
      { title: "A", url: "https://example.com/a", image: "i", date: "2025-01-02" },
      { title: "C", url: "https://example.com/c", image: "i", date: "2025-01-03" },
    ];
    // No stats: all score 0; newest first, then URL.
    expect(bare.personalize({ algorithm: "popular", content }, context()).map((i) => i.title)).toEqual(["C", "A", "B"]);
  });

  it("without a catalog or content, explains what is missing", () => {
    expect(() => new CatalogProvider().personalize({ algorithm: "popular" }, context())).toThrow(
      expect.objectContaining({ code: "ZE_PERSONALIZE_NO_CATALOG", message: expect.stringContaining("'content'") }),
    );
  });
});
