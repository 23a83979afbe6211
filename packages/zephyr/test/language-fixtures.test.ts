/** fixtures/language/cases.json: the language and lint items of issue 16, with their exact results. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import type { RenderOptions } from "../src/options.js";
import { compile } from "../src/template.js";

const dir = new URL("../../../fixtures/language/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");

interface RenderCase {
  template: string;
  data?: Record<string, unknown>;
  options: RenderOptions;
  output?: string;
  cancelled?: string;
  error?: { code: string; line: number; column: number; message: string; hint: string };
  notices?: [string, string, string][];
}
interface LintCase {
  template: string;
  globals?: string[];
  diagnostics: { severity: string; code: string; at: string; message: string; hint?: string; fix?: string }[];
}
const cases = JSON.parse(read("cases.json")) as {
  profile: Record<string, unknown>;
  renders: RenderCase[];
  lint: LintCase[];
};

describe("fixtures/language: renders", () => {
  it.each(cases.renders.map((c) => [`${c.template} ${JSON.stringify(c.options)}`, c] as const))("%s", (_, c) => {
    const t = compile(read(c.template), { filename: c.template });
    const render = () => t.render({ profile: cases.profile, data: c.data }, { now: 0, ...c.options });
    if (c.error) {
      let error: unknown;
      try {
        render();
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({
        code: c.error.code,
        message: c.error.message,
        hint: c.error.hint,
        span: { line: c.error.line, column: c.error.column },
      });
      return;
    }
    const r = render();
    expect(r.output).toBe(c.output);
    expect(r.cancelled?.message).toBe(c.cancelled);
    expect((r.notices ?? []).map((d) => [d.code, `${d.span?.line}:${d.span?.column}`, d.message])).toEqual(
      c.notices ?? [],
    );
    for (const d of r.notices ?? []) expect(d).toMatchObject({ severity: "info", file: c.template });
  });
});

describe("fixtures/language: lint that teaches", () => {
  it.each(cases.lint.map((c) => [c.template, c] as const))("%s", (_, c) => {
    const source = read(c.template);
    const ds = lint(source, { filename: c.template, globals: c.globals });
    expect(
      ds.map((d) => {
        const o: Record<string, unknown> = {
          severity: d.severity,
          code: d.code,
          at: `${d.span?.line}:${d.span?.column}`,
          message: d.message,
        };
        if (d.hint !== undefined) o.hint = d.hint;
        if (d.fix !== undefined) o.fix = d.fix.replacement;
        return o;
      }),
    ).toEqual(c.diagnostics);
    // A fix is an edit of the template: applied, an error goes away and the template compiles.
    for (const d of ds) {
      if (!d.fix || d.severity !== "error") continue;
      const fixed = source.slice(0, d.fix.span.offset) + d.fix.replacement + source.slice(d.fix.span.endOffset);
      expect(() => compile(fixed), fixed).not.toThrow();
    }
  });

  it("a literal-tag fix turns the text into the tag it looked like", () => {
    const source = read("lint/literal-tag.zephyr");
    const [d] = lint(source);
    const fixed = source.slice(0, d.fix?.span.offset) + d.fix?.replacement + source.slice(d.fix?.span.endOffset);
    expect(compile(fixed).render({ profile: cases.profile }, { escape: "none" }).output).toBe("Hello Ann!\n");
  });
});
