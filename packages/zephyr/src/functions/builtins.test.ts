import { describe, expect, it } from "vitest";
import { BUILTINS, FAMILIES } from "./index.js";
import { renderFunctionsReference } from "./reference.js";
import { arity, createRegistry, type FunctionDef } from "./registry.js";
import { failure, fakeContext } from "./test-context.js";

const defs = Object.values(BUILTINS);

const PLATFORM = [
  "api_send",
  "api_user",
  "api_event",
  "append_user_var",
  "promotion",
  "ad",
  "adinfo",
  "user_engagement",
  "user_geo_home",
  "user_geo_select_region",
  "horizon_count",
  "message_id",
  "signup_confirm",
  "public_share",
  "social_share",
];

describe("the registry", () => {
  it("has every function of the language notes", () => {
    const names = [
      ...["upper", "lower", "title", "substr", "replace", "split", "join", "strpos", "strrpos", "strip_tags", "text"],
      ...["h", "u", "md5", "sha1", "sha256", "base64_encode", "base64_decode", "length", "contains", "first"],
      ...["number", "int", "round", "abs", "exp", "sqrt", "random", "compare", "distance"],
      ...["list", "map", "filter", "filter_content", "push", "set", "range", "shuffle", "slice", "sort", "keys"],
      ...["values", "dedupe", "intersect", "content_intersect", "bucket_list", "date", "time", "type", "assert"],
      ...["cancel", "personalize", "horizon_select", "horizon_interest", "horizon_set_interest", ...PLATFORM],
    ];
    expect(Object.keys(BUILTINS).sort()).toEqual([...names].sort());
  });

  it("has a null prototype", () => {
    expect(BUILTINS.constructor).toBeUndefined();
    expect(BUILTINS.toString).toBeUndefined();
  });

  it.each(defs.map((d) => [d.name, d] as [string, FunctionDef]))("%s has complete metadata", (name, def) => {
    expect(def.signature.startsWith(`${name}(`)).toBe(true);
    expect(def.signature).toContain("→");
    expect(def.description.length).toBeGreaterThan(10);
    expect(def.description).not.toContain("\n");
    expect(def.examples.length).toBeGreaterThan(0);
    if (def.unavailable) expect(def.stub?.placeholder.length).toBeGreaterThan(10);

    for (const ex of def.examples) expect(ex.template).toContain(`${name}(`);
    def.params.forEach((p, i) => {
      if (p.rest) expect(i).toBe(def.params.length - 1);
    });
    const { min } = arity(def.params);
    for (let i = min; i < def.params.length; i++) expect(def.params[i].optional || def.params[i].rest).toBe(true);
    expect(Boolean(def.namesVariable)).toBe(name === "set" || name === "push");
  });
});

describe("platform functions", () => {
  it.each(PLATFORM)("%s() fails with a clear error", (name) => {
    const def = BUILTINS[name];
    expect(def.unavailable).toBeTruthy();
    const f = failure(() => def.call(fakeContext(), ["x"]));
    expect(f.code).toBe("ZE_UNAVAILABLE");
    expect(f.message).toMatch(new RegExp(`^${name}\\(\\) is not available outside Sailthru: .+`));
    expect(arity(def.params)).toEqual({ min: 0, max: Number.POSITIVE_INFINITY });
  });
});

describe("renderFunctionsReference", () => {
  const md = renderFunctionsReference(BUILTINS);

  it("has a table of contents by family and a section per function", () => {
    expect(md.startsWith("# Zephyr functions\n")).toBe(true);
    for (const f of FAMILIES) expect(md).toContain(`## ${f.title}\n`);
    for (const d of defs) {
      expect(md).toContain(`\n### ${d.name}\n`);
      expect(md).toContain(`[${d.name}](#${d.name})`);
    }
    expect(md).toContain("- `{upper('Hello, World')}` → `HELLO, WORLD`");
    expect(md).toContain("**Not available outside Sailthru:** it sends a message");
    expect(md).toContain("```text\nSale\n\nUp to 50% off today\n```");
    expect(md.endsWith("\n")).toBe(true);
    expect(md).not.toMatch(/\n\n\n/);
  });

  it("puts functions of no family under Other, and escapes backticks", () => {
    const extra: FunctionDef = {
      name: "tick",
      signature: "tick() → string",
      description: "A backtick.",
      params: [],
      examples: [{ template: "{tick()}", output: "`" }],
      call: () => "`",
    };
    const out = renderFunctionsReference(createRegistry([[extra]]), []);
    expect(out).toContain("## Other\n");
    expect(out).toContain("- `{tick()}` → `` ` ``");
  });

  it("is deterministic", () => {
    expect(renderFunctionsReference(BUILTINS)).toBe(md);
  });
});
