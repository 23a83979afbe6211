import { describe, expect, it } from "vitest";
import { context, NOW } from "../test/helpers.js";
import { StaticProvider } from "./static.js";

const items = [
  { title: "Gift Card", url: "https://shop.example.com/gift-card", image: "g.jpg", tags: ["gift"], vars: { min: 10 } },
  { title: "Socks", url: "https://shop.example.com/socks", image: "s.jpg", tags: ["apparel", "basics"] },
  { title: "Old Promo", url: "https://shop.example.com/promo", image: "p.jpg", expire_date: NOW / 1000 - 60 },
  { title: "Sticker", url: "https://shop.example.com/sticker", tags: ["gift"] },
  { title: "Cap", url: "https://shop.example.com/cap", image: "c.jpg", tags: ["apparel"] },
];
const provider = new StaticProvider(items);
const titles = (request: Record<string, unknown>) => provider.personalize(request, context()).map((i) => i.title);

describe("StaticProvider", () => {
  it("returns the first `size` items in list order, whatever the algorithm, after the usual filters", () => {
    expect(titles({ algorithm: "trending" })).toEqual(["Gift Card", "Socks", "Cap"]);
    expect(titles({ algorithm: "popular", size: 1 })).toEqual(["Gift Card"]);
    expect(titles({ algorithm: "interest", include_tags_any: "apparel" })).toEqual(["Socks", "Cap"]);
    expect(
      titles({ algorithm: "random", image_required: false, allow_expired: true, exclude_tags_any: "apparel" }),
    ).toEqual(["Gift Card", "Old Promo", "Sticker"]);
  });

  it("validates the request like the catalog provider and returns copies", () => {
    expect(() => titles({ algorithm: "popularity" })).toThrow(/Did you mean 'popular'/);
    const [card] = provider.personalize({ algorithm: "popular", include_vars: true }, context());
    expect(card).toEqual(items[0]);
    expect(card).not.toBe(items[0]);
  });
});
