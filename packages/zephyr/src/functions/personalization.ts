/**
 * Personalization: recommendations through the render's content provider, and the per-render interest scores
 * (`profile.interests` plus changes made by `horizon_set_interest`).
 */

import type { ContentItem } from "../provider.js";
import { describeType, FloatValue, isPlainObject, print, truthy } from "../values.js";
import { argError, chargeItems, param, toInt } from "./helpers.js";
import type { FnContext, FunctionFamily } from "./registry.js";

/** Tags as Sailthru stores them: trimmed, lower case, spaces as dashes. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, "-");
}

/** Tags from a comma-separated string or a list of strings. */
function tagList(ctx: FnContext, name: string, tags: unknown): string[] {
  let raw: unknown[];
  if (typeof tags === "string") raw = tags.split(",");
  else if (Array.isArray(tags)) raw = tags;
  else if (tags === null || tags === undefined) raw = [];
  else return argError(ctx, name, `expected a tag string ('a,b') or a list of tags, got ${describeType(tags)}`);
  chargeItems(ctx, raw.length);
  return raw.map((t) => normalizeTag(print(t, ctx.limits.outputSize))).filter((t) => t !== "");
}

function interestOf(interests: Record<string, number>, tag: string): number {
  return Object.hasOwn(interests, tag) && typeof interests[tag] === "number" ? interests[tag] : 0;
}

/** The longest printed tag of a content item. */
const ITEM_TAG_LIMIT = 100_000;

/** An item's tags, from a list or a comma-separated string, normalised. */
function itemTags(item: ContentItem): string[] {
  const tags = item.tags;
  const raw = Array.isArray(tags) ? tags : typeof tags === "string" ? tags.split(",") : [];
  // A tag that is a list or an object is printed, within a bound (it could share its parts 2^n times).
  return raw.map((t) => normalizeTag(print(t, ITEM_TAG_LIMIT))).filter((t) => t !== "");
}

/**
 * The offline `horizon_select` (when the provider has no horizonSelect of its own): items by descending interest
 * (the highest score among an item's tags, 0 when none is known), then by descending `weight`, then in input order.
 */
function rankByInterest(ctx: FnContext, items: ContentItem[]): ContentItem[] {
  const interests = ctx.interests();
  ctx.charge(Math.max(1, items.length * Math.ceil(Math.log2(items.length + 1))));
  return items
    .map((item, index) => {
      let score = 0;
      for (const tag of itemTags(item)) score = Math.max(score, interestOf(interests, tag));
      const weight = typeof item.weight === "number" && Number.isFinite(item.weight) ? item.weight : 0;
      return { item, index, score, weight };
    })
    .sort((a, b) => b.score - a.score || b.weight - a.weight || a.index - b.index)
    .map((x) => x.item);
}

export const personalization: FunctionFamily = [
  {
    name: "personalize",
    signature: "personalize(object request) → list",
    description:
      "Recommended content items for this user from the render's content provider: `algorithm`, `size` (default 5), `content`, tag filters, ...",
    params: [param("request", "object")],
    examples: [{ template: "{type(personalize({'algorithm': 'popular', 'size': 3}))}", output: "list" }],
    returnsData: true,
    call(ctx, [request]) {
      let req = request as Record<string, unknown>;
      // round()'s float as a size is its number (the provider sees a plain number).
      if (req.size instanceof FloatValue) req = { ...req, size: req.size.value };
      if (req.size !== undefined && req.size !== null && (typeof req.size !== "number" || req.size < 0)) {
        argError(ctx, "personalize", `'size' must be a number ≥ 0, got ${print(req.size) || describeType(req.size)}`);
      }
      const items = ctx.personalize(req);
      return Array.isArray(items) ? items : [];
    },
  },
  {
    name: "horizon_select",
    signature: "horizon_select(list items, number quantity [, string engine [, object filter_tags]]) → list",
    description:
      "Up to `quantity` of `items` (objects with `tags`, a list or 'a,b'), ordered by this user's interest in their tags (legacy form of personalize's 'interest' algorithm).",
    params: [
      param("items", "list"),
      param("quantity", "number"),
      param("engine", "string", { optional: true, nullable: true }),
      param("filter_tags", "any", { optional: true, nullable: true }),
    ],
    examples: [
      {
        template:
          "{horizon_set_interest('kong', 2)}{map(horizon_select([{'n': 'Apple', 'tags': ['trixie']}, {'n': 'Bone', 'tags': 'kong,trixie'}], 1), lambda c: c.n)}",
        output: "[Bone]",
      },
    ],
    call(ctx, [items, quantity]) {
      const n = toInt(ctx, "horizon_select", "quantity", quantity as number);
      if (n <= 0) return [];
      const list = (items as unknown[]).filter(isPlainObject) as ContentItem[];
      chargeItems(ctx, list.length);
      if (ctx.provider?.horizonSelect) return ctx.horizonSelect(list, n).slice(0, n);
      return rankByInterest(ctx, list).slice(0, n);
    },
  },
  {
    name: "horizon_interest",
    signature: "horizon_interest(string tags) → number",
    description:
      "This user's interest in a tag (1 = average, 2 = twice average, 0 = none known); with comma-separated tags, the highest.",
    params: [param("tags", "string")],
    examples: [{ template: "{horizon_interest('no-such-tag')}", output: "0" }],
    call(ctx, [tags]) {
      const interests = ctx.interests();
      let best = 0;
      let first = true;
      for (const tag of tagList(ctx, "horizon_interest", tags)) {
        const v = interestOf(interests, tag);
        if (first || v > best) best = v;
        first = false;
      }
      return best;
    },
  },
  {
    name: "horizon_set_interest",
    signature: "horizon_set_interest(string|list tags, number score [, boolean only_increase]) → null",
    description:
      "Sets this user's interest score for the tags for the rest of this render (never stored); with `only_increase`, only raises scores.",
    params: [param("tags", "any"), param("score", "number"), param("only_increase", "boolean", { optional: true })],
    examples: [
      { template: "{horizon_set_interest('shoes, hats', 2)}{horizon_interest('hats')}", output: "2" },
      {
        template:
          "{horizon_set_interest('shoes', 3)}{horizon_set_interest('shoes', 2, true)}{horizon_interest('shoes')}",
        output: "3",
      },
    ],
    call(ctx, [tags, score, onlyIncrease]) {
      const s = score as number;
      if (!Number.isFinite(s)) argError(ctx, "horizon_set_interest", `the score must be a finite number, got ${s}`);
      const increase = truthy(onlyIncrease);
      const interests = increase ? ctx.interests() : undefined;
      for (const tag of tagList(ctx, "horizon_set_interest", tags)) {
        if (interests && Object.hasOwn(interests, tag) && interestOf(interests, tag) >= s) continue;
        ctx.setInterest(tag, s);
      }
      return null;
    },
  },
];
