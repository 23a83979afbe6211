/**
 * `zephyr compile`'s ES modules (src/compiled.ts): every fixture's module renders byte for byte as `compile()`,
 * runs its own generated functions (no eval), and a module whose code does not match this engine is not trusted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compileToModule, loadCompiled } from "../src/compiled.js";
import { compile, type Template } from "../src/template.js";
import { fixtureInputs, fixtureTemplates, optionSets, outcome, ROOT } from "./backends.js";

const runtime = join(ROOT, "packages/zephyr/src/compiled.ts");
// Outside node_modules, so that vitest transforms the module (and its import of the TypeScript runtime entry).
const dir = mkdtempSync(join(ROOT, "packages/zephyr/test/.compiled-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("every fixture's compiled module renders as compile() does", () => {
  fixtureTemplates().forEach((f, i) => {
    it(f.name, async () => {
      let reference: Template;
      try {
        reference = compile(f.source, { filename: f.name, codegen: "never" });
      } catch (e) {
        expect(() => compileToModule(f.source, { filename: f.name })).toThrow((e as Error).message);
        return;
      }
      const text = compileToModule(f.source, { filename: f.name, runtime });
      const file = join(dir, `t${i}.mjs`);
      writeFileSync(file, text);
      const module = (await import(pathToFileURL(file).href)) as { default: Template };
      const t = module.default;
      expect(t.backend()).toBe("javascript");
      const inputs = fixtureInputs(f.path).slice(0, 12);
      for (const options of optionSets(f.path))
        for (const input of inputs)
          expect(outcome(() => t.render(input, options))).toEqual(outcome(() => reference.render(input, options)));
      // Every mode used ran the module's own functions.
      expect([t.backend("plain"), t.backend("tracked")]).toEqual(["javascript", "javascript"]);
    });
  });
});

describe("a module's code is trusted only when this engine would write the same", () => {
  it("a wrong fingerprint: the template runs as compile() runs it, never the module's functions", () => {
    const source = "{x = 'a'}{x}";
    let called = false;
    const factory = () => {
      called = true;
      return () => 0;
    };
    const t = loadCompiled(source, {}, { tracked: factory, plain: factory }, { tracked: "00000000", plain: "x" });
    expect(t.render({}, { escape: "none" }).output).toBe("a");
    expect(called).toBe(false);
  });

  it("the module holds the template only as a JSON string constant", () => {
    const placeholder = "$" + "{x}";
    const text = compileToModule(`{* \`${placeholder}\` */ </script> *}{a = '\u2028'}{a}`, { filename: "x.zephyr" });
    expect(text).not.toContain("</script>");
    expect(text).not.toMatch(/[\u2028\u2029]/);
    // Outside the one JSON string constant, none of the template's text.
    const outside = text.replace(/^const source = .*$/m, "");
    for (const piece of [placeholder, "*/ ", "u2028", "script"]) expect(outside).not.toContain(piece);
  });
});
