/**
 * Hosts that forbid code generation (CSP; `node --disallow-code-generation-from-strings`): the engine runs the
 * closures silently and renders every fixture exactly as generated code does. The renders run in child processes
 * (scripts/no-codegen-check.mjs, on the built engine), one with the flag and one without.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./backends.js";

const script = join(ROOT, "scripts/no-codegen-check.mjs");
const built = existsSync(join(ROOT, "packages/zephyr/dist/index.js"));

interface Result {
  name: string;
  backend?: string;
  outcomes?: unknown[];
  compile?: unknown;
}

const run = (flags: string[]): Result[] =>
  JSON.parse(execFileSync(process.execPath, [...flags, script], { encoding: "utf8", maxBuffer: 256 << 20 }));

describe("a host without code generation", () => {
  it.skipIf(!built)(
    "renders every fixture on closures, silently, byte for byte as generated code (build first)",
    () => {
      const generated = run([]);
      const closures = run(["--disallow-code-generation-from-strings"]);
      expect(generated.length).toBeGreaterThan(30);
      const compiled = generated.filter((r) => r.backend !== undefined);
      expect(compiled.length).toBeGreaterThan(25);
      for (const r of compiled) expect(r.backend).toBe("javascript");
      for (const r of closures.filter((r) => r.backend !== undefined)) expect(r.backend).toBe("closures");
      expect(closures).toEqual(generated.map((r) => (r.backend === undefined ? r : { ...r, backend: "closures" })));
    },
    60_000,
  );

  it("reports when the check above is skipped", () => {
    if (!built) console.warn("no-codegen.test: skipped, build first (missing packages/zephyr/dist)");
    expect(true).toBe(true);
  });
});
