import type { Ctx } from "../data.js";

/** T1 the seed Profile Data payload, T2 Content Recommendations with one item, T3 greeting + loop + upper + payload. */
export type TemplateId = "T1" | "T2" | "T3";
export const TEMPLATES: readonly TemplateId[] = ["T1", "T2", "T3"];

/** The ×floor reference: a template literal with every value JSON-encoded. */
export const FLOOR = "floor (literal)";
export const ZEPHYR = "zephyr";

export type Render = (ctx: Ctx) => string;

export interface Engine {
  name: string;
  /** How this variant keeps the payload valid JSON whatever the data holds. */
  jsonSafety: string;
  /** One-time preparation before any compile (e.g. a build step). */
  setup?(): Promise<void>;
  /** Compiles `t` once and returns the render function. */
  compile(t: TemplateId): Render;
  /** Parses (compiles) and renders from source on every call, bypassing any cache; absent when not applicable. */
  cold?(t: TemplateId): Render;
  /** Compared with the floor by parsed value, not by bytes (its layout differs by design). */
  compareParsed?: boolean;
}

/** The inside of a JSON string holding `v` (no quotes); null and undefined print as nothing, as in Zephyr. */
export function jsonString(v: unknown): string {
  return v == null ? "" : JSON.stringify(String(v)).slice(1, -1);
}

/** The payload lines every template ends with, after its "to" and "body" values. */
export const PAYLOAD_TAIL = `"subscriptionType": "MARKETING",
"useShortLinks": false,
"skipFatigue": false
}
`;
