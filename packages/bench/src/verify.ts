/** Before timing: each engine's JSON-safe variant must match the floor byte for byte on a sample of profiles. */
import { isDeepStrictEqual } from "node:util";
import type { Ctx } from "./data.js";
import type { Render } from "./engines/engine.js";

/** Undefined when `render` matches `reference` on every context, else why not (first difference). */
export function mismatch(render: Render, reference: Render, sample: Ctx[], parsed = false): string | undefined {
  let bad = 0;
  let first: string | undefined;
  for (const ctx of sample) {
    const expected = reference(ctx);
    let actual: string;
    try {
      actual = render(ctx);
    } catch (e) {
      return `throws for first_name ${show(ctx.profile.vars.first_name)}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    }
    const same = parsed ? sameValue(actual, expected) : actual === expected;
    if (same) continue;
    bad++;
    first ??= describe(actual, expected, ctx);
  }
  return bad ? `${bad} of ${sample.length} outputs differ; first: ${first}` : undefined;
}

function sameValue(actual: string, expected: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(actual), JSON.parse(expected));
  } catch {
    return false;
  }
}

function describe(actual: string, expected: string, ctx: Ctx): string {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const at = (s: string) => show(s.slice(Math.max(0, i - 15), i + 25));
  let valid = "valid JSON";
  try {
    JSON.parse(actual);
  } catch {
    valid = "NOT valid JSON";
  }
  return `first_name ${show(ctx.profile.vars.first_name)}: at char ${i} expected ${at(expected)}, got ${at(actual)} (${valid})`;
}

const show = (v: unknown): string => (v === undefined ? "(missing)" : JSON.stringify(v));
