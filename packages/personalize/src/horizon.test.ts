import { describe, expect, it } from "vitest";
import { context } from "../test/helpers.js";
import { horizonSelect } from "./horizon.js";

// The docs' example: tags as arrays or comma-separated strings. Interests trixie 2, kong 1.
// Score [highest, total]: both [2, 3] · trixie [2, 2] · kong [1, 1] · none [0, 0].
const items = [
  { name: "Kong Bites", tags: ["kong"] },
  { name: "Cran-Apple Fruit Snacks", tags: ["trixie"] },
  { name: "Untagged" },
  { name: "Mixed Bag", tags: "kong, trixie" },
];
const ctx = context({ interests: { trixie: 2, kong: 1 } });

describe("horizonSelect", () => {
  it("orders by the user's interest in each item's tags and returns the input objects", () => {
    const picked = horizonSelect(items, 3, ctx);
    expect(picked.map((i) => i.name)).toEqual(["Mixed Bag", "Cran-Apple Fruit Snacks", "Kong Bites"]);
    expect(picked[0]).toBe(items[3]);
  });

  it("keeps the input order for equal scores", () => {
    const same = [
      { n: 1, tags: ["kong"] },
      { n: 2, tags: "kong" },
      { n: 3, tags: ["KONG"] },
    ];
    expect(horizonSelect(same, 3, ctx).map((i) => i.n)).toEqual([1, 2, 3]);
    expect(horizonSelect(items, 4, context()).map((i) => i.name)).toEqual(items.map((i) => i.name));
  });

  it("boosts by weight (weight 200 = ×3): kong [1, 1] becomes [3, 3]", () => {
    const weighted = [...items, { name: "Featured Kong", tags: ["kong"], weight: 200 }];
    expect(horizonSelect(weighted, 2, ctx).map((i) => i.name)).toEqual(["Featured Kong", "Mixed Bag"]);
  });

  it("rejects a bad quantity", () => {
    expect(() => horizonSelect(items, -1, ctx)).toThrow(expect.objectContaining({ code: "ZE_HORIZON_BAD_QUANTITY" }));
    expect(() => horizonSelect(items, 1.5, ctx)).toThrow(/whole number/);
  });
});
