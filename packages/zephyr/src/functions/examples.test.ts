import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ContentProvider } from "../provider.js";
import { compile } from "../template.js";
import { BUILTINS } from "./index.js";
import { renderFunctionsReference } from "./reference.js";

/** The options every documented example assumes (registry.ts, FunctionExample). */
const EXAMPLE_OPTIONS = { now: "2024-03-15T12:00:00Z", tz: "UTC", seed: 1, escape: "none" as const };
/** Examples of personalization functions get a provider returning `size` numbered items. */
const ITEMS: ContentProvider = {
  personalize: (req) =>
    Array.from({ length: Number(req.size ?? 5) }, (_, i) => ({
      title: `Item ${i + 1}`,
      url: `https://example.com/${i + 1}`,
    })),
};

describe("every documented function example renders its documented output", () => {
  for (const def of Object.values(BUILTINS)) {
    if (def.unavailable) {
      it(`${def.name}() fails as a platform function`, () => {
        expect(() => compile(`{${def.name}()}`).render({}, EXAMPLE_OPTIONS)).toThrow(/not available outside Sailthru/);
      });
    }
    // Platform functions' examples run with platform stubs (the reference says so).
    const platform = def.unavailable ? ("stub" as const) : undefined;
    it.each(def.examples.map((e) => [e.template, e.output]))(`${def.name}: %s → %s`, (template, output) => {
      expect(compile(template).render({}, { ...EXAMPLE_OPTIONS, provider: ITEMS, platform }).output).toBe(output);
    });
    it(`${def.name}() has metadata and at least one example`, () => {
      expect(def.signature).toMatch(new RegExp(`^${def.name}\\(`));
      expect(def.description.length).toBeGreaterThan(0);
      expect(def.examples.length).toBeGreaterThan(0);
    });
  }
});

describe("docs/functions.md", () => {
  it("is generated from the registry (run `pnpm docs` to refresh it)", () => {
    const committed = readFileSync(new URL("../../docs/functions.md", import.meta.url), "utf8");
    expect(committed).toBe(renderFunctionsReference(BUILTINS));
  });
});
