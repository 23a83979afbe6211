import { describe, expect, it } from "vitest";
import { context, draws, slugs, smallCatalog, url } from "../test/helpers.js";
import { CatalogProvider } from "./catalog.js";

/*
 * The hand-checked catalog, fixtures/catalogs/small.json ("a/b" = per day in the previous 7 / the last 7 days):
 *
 *   slug             tags                                  date        views  purchases  notes
 *   classic-tee      apparel tops cotton white             2024-11-01  10/10  2/2        related: sneakers 5
 *   fleece-hoodie    apparel tops fleece black             2025-01-15  12/12  1/3
 *   denim-jeans      apparel bottoms denim blue            2025-01-01   3/3   0/1        expires 2026
 *   canvas-sneakers  footwear shoes canvas white           2024-12-01  20/20  5/5        related: jeans 4, tee 2
 *   leather-boots    footwear boots leather brown          2024-10-01  15/15  6/6        EXPIRED 2025-03-01
 *   canvas-tote      accessories bags canvas natural       2025-02-01   8/2   3/0        NO IMAGE
 *   ceramic-mug      home kitchen ceramic white            2025-02-20   -      -          no stats
 *   soy-candle       "Home" "Candles" "Summer Sale"        2025-03-01   0/5   0/0        weight 100
 *
 * The clock is 2025-03-15, so by default leather-boots (expired) and canvas-tote (no image) are never candidates.
 */
const provider = new CatalogProvider(smallCatalog());
const personalize = (request: Record<string, unknown>, ctx = context()) => slugs(provider.personalize(request, ctx));

describe("popular", () => {
  // 14-day purchases: sneakers 70, hoodie 7+21=28, tee 28, jeans 7, candle 0, mug 0.
  // Ties by views: hoodie 168 > tee 140; candle 35 > mug 0.
  it("ranks by purchases, then views, and returns 5 by default", () => {
    expect(personalize({ algorithm: "popular" })).toEqual([
      "canvas-sneakers",
      "fleece-hoodie",
      "classic-tee",
      "denim-jeans",
      "soy-candle",
    ]);
  });

  it("returns `size` items", () => {
    expect(personalize({ algorithm: "popular", size: 2 })).toEqual(["canvas-sneakers", "fleece-hoodie"]);
    expect(personalize({ algorithm: "popular", size: 0 })).toEqual([]);
    expect(personalize({ algorithm: "popular", size: 50 })).toHaveLength(6);
  });
});

describe("trending", () => {
  // Activity = views + purchases; score (last 7 + 1) / (previous 7 + 1), then last-7 activity:
  //   candle (35+1)/(0+1) = 36 · jeans (21+7+1)/(21+1) = 1.32 · hoodie (84+21+1)/(84+7+1) = 1.15
  //   sneakers, tee and mug all 1; recent activity breaks the tie: sneakers 175, tee 84, mug 0.
  it("ranks by relative rise of activity, then by recent activity", () => {
    expect(personalize({ algorithm: "trending" })).toEqual([
      "soy-candle",
      "denim-jeans",
      "fleece-hoodie",
      "canvas-sneakers",
      "classic-tee",
    ]);
  });

  // leather-boots: ratio 1, recent (15+6)*7 = 147, between sneakers (175) and tee (84).
  it("ranks expired items too when allowed", () => {
    expect(personalize({ algorithm: "trending", allow_expired: true, size: 6 })).toEqual([
      "soy-candle",
      "denim-jeans",
      "fleece-hoodie",
      "canvas-sneakers",
      "leather-boots",
      "classic-tee",
    ]);
  });
});

describe("interest", () => {
  // Interests footwear 2, canvas 1.5, home 0.5. Score [highest, total] of the item's tags:
  //   sneakers [2, 3.5] · candle [0.5, 0.5] × (1 + 100/100) = [1, 1] · mug [0.5, 0.5]
  //   hoodie, jeans, tee [0, 0]: newest first (2025-01-15, 2025-01-01, 2024-11-01).
  it("ranks by the user's interest in the item's tags, boosted by weight", () => {
    const interests = { Footwear: 2, canvas: 1.5, home: 0.5 };
    expect(personalize({ algorithm: "interest", size: 6 }, context({ interests }))).toEqual([
      "canvas-sneakers",
      "soy-candle",
      "ceramic-mug",
      "fleece-hoodie",
      "denim-jeans",
      "classic-tee",
    ]);
  });

  it("falls back to newest first for a user without interests", () => {
    expect(personalize({ algorithm: "interest", size: 3 })).toEqual(["soy-candle", "ceramic-mug", "fleece-hoodie"]);
  });
});

describe("context", () => {
  // Context sneakers (tags footwear shoes canvas white). Score [bought together, shared tags]:
  //   tee [max(2, 5) = 5, 1 (white)] · jeans [4, 0] · mug [0, 1 (white)] · hoodie, candle [0, 0]: left out.
  it("ranks items bought together with the context item, then by shared tags", () => {
    expect(personalize({ algorithm: "context", context_key: url("canvas-sneakers") })).toEqual([
      "classic-tee",
      "denim-jeans",
      "ceramic-mug",
    ]);
  });

  // canvas-tote shares "canvas" ([0, 1]) and ties with the mug; the mug is newer (2025-02-20 vs 2025-02-01).
  it("accepts the other key types and the item filters", () => {
    expect(
      personalize({ algorithm: "context", context_key_type: "sku", context_key: "SNK-001", image_required: false }),
    ).toEqual(["classic-tee", "denim-jeans", "ceramic-mug", "canvas-tote"]);
    expect(personalize({ algorithm: "context", context_key_type: "content_id", context_key: "c4", size: 1 })).toEqual([
      "classic-tee",
    ]);
    expect(
      personalize({ algorithm: "context", context_key_type: "title", context_key: "White Canvas Sneakers" }),
    ).toEqual(["classic-tee", "denim-jeans", "ceramic-mug"]);
  });

  it("finds the context item even when it is filtered out, and returns nothing for an unknown one", () => {
    // Context boots (expired): shares footwear with sneakers only.
    expect(personalize({ algorithm: "context", context_key: url("leather-boots") })).toEqual(["canvas-sneakers"]);
    expect(personalize({ algorithm: "context", context_key: url("nope") })).toEqual([]);
  });
});

describe("purchased", () => {
  // Bought: tee ×1 (its own tags apparel tops cotton), jeans ×2 and mug ×1 (tags from the catalog).
  // Tag weights: apparel 3, bottoms 2, denim 2, blue 2, tops 1, cotton 1, home 1, kitchen 1, ceramic 1, white 1.
  // Not bought: hoodie (apparel tops) 4 · candle (home) 1 · sneakers (white) 1; candle is newer than sneakers.
  const profile = {
    purchases: [
      {
        items: [
          {
            url: url("classic-tee"),
            title: "Classic White Tee",
            qty: 1,
            price: 1800,
            tags: ["apparel", "tops", "cotton"],
          },
        ],
        time: 1739000000,
      },
      { items: [{ url: url("denim-jeans"), qty: 2 }, { url: url("ceramic-mug") }], time: 1740000000 },
    ],
  };

  it("ranks items sharing tags with the user's purchases and leaves out what was bought", () => {
    expect(personalize({ algorithm: "purchased" }, context({ profile }))).toEqual([
      "fleece-hoodie",
      "soy-candle",
      "canvas-sneakers",
    ]);
  });

  it("returns nothing for a user without purchases", () => {
    expect(personalize({ algorithm: "purchased" })).toEqual([]);
  });
});

describe("viewed", () => {
  // Views: sneakers twice, candle once, one unknown URL (no tags, ignored).
  // Tag weights: footwear 2, shoes 2, canvas 2, white 2, home 1, candles 1, summer-sale 1.
  // Not viewed: mug (home white) 3 · tee (white) 2 · tote (canvas) 2 when images are not required (newer than tee).
  const profile = {
    views: [
      { url: url("canvas-sneakers"), time: 1741900000 },
      { url: url("soy-candle"), time: 1741910000 },
      { url: url("canvas-sneakers"), time: 1741920000 },
      { url: url("not-in-catalog"), time: 1741930000 },
    ],
  };

  it("ranks items sharing tags with the pages the user viewed and leaves those out", () => {
    expect(personalize({ algorithm: "viewed" }, context({ profile }))).toEqual(["ceramic-mug", "classic-tee"]);
    expect(personalize({ algorithm: "viewed", image_required: false }, context({ profile }))).toEqual([
      "ceramic-mug",
      "canvas-tote",
      "classic-tee",
    ]);
  });
});

describe("random", () => {
  // Candidates in catalog order: tee hoodie jeans sneakers mug candle (6).
  // Draw 0.99: swap 0 with 0 + floor(0.99 × 6) = 5 → candle hoodie jeans sneakers mug tee
  // Draw 0:    swap 1 with 1 → unchanged
  // Draw 0.5:  swap 2 with 2 + floor(0.5 × 4) = 4 → candle hoodie mug sneakers jeans tee
  it("draws with the render's seeded random", () => {
    const ctx = context({ random: draws(0.99, 0, 0.5) });
    expect(personalize({ algorithm: "random", size: 3 }, ctx)).toEqual(["soy-candle", "fleece-hoodie", "ceramic-mug"]);
  });

  it("is the same for the same draws", () => {
    const run = () => personalize({ algorithm: "random" }, context({ random: draws(0.3, 0.7, 0.1, 0.9) }));
    expect(run()).toEqual(run());
  });
});

describe("custom", () => {
  it("returns the named items in the given order, skipping unknown, filtered and repeated keys", () => {
    const keys = [url("soy-candle"), url("missing"), url("classic-tee"), url("canvas-tote"), url("soy-candle")];
    expect(personalize({ algorithm: "custom", custom_keys: keys })).toEqual(["soy-candle", "classic-tee"]);
  });

  it("accepts the other key types", () => {
    expect(personalize({ algorithm: "custom", custom_key_type: "sku", custom_keys: ["SNK-001", "TEE-001"] })).toEqual([
      "canvas-sneakers",
      "classic-tee",
    ]);
    expect(personalize({ algorithm: "custom", custom_key_type: "title", custom_keys: ["Cedar Soy Candle"] })).toEqual([
      "soy-candle",
    ]);
    expect(personalize({ algorithm: "custom", custom_key_type: "content_id", custom_keys: ["c2"] })).toEqual([
      "fleece-hoodie",
    ]);
  });
});
