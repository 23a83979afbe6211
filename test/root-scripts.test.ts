/** The repository root's `pnpm zephyr` (scripts/zephyr.mjs): the built CLI, or a one-line hint before a build. */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "zephyr-script-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scripts/zephyr.mjs", () => {
  it("before a build, prints one line saying how to build, and exits 64", () => {
    mkdirSync(join(dir, "scripts"));
    copyFileSync(join(ROOT, "scripts/zephyr.mjs"), join(dir, "scripts/zephyr.mjs"));
    const r = spawnSync(process.execPath, [join(dir, "scripts/zephyr.mjs"), "render", "x.zephyr"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(64);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("zephyr: the CLI is not built yet: run `npx -y pnpm@12.4.2 build` first\n");
  });

  it.skipIf(!existsSync(join(ROOT, "packages/cli/dist/bundle/zephyr.js")))("after a build, runs the CLI", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/zephyr.mjs"), "--version"], { encoding: "utf8" });
    expect([r.status, r.stdout.trim()]).toEqual([0, "0.1.0"]);
  });
});
