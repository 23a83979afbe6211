/**
 * The memory limit through the CLI (issue 13, item 1): `--max-memory`, and the 130-byte template of
 * fixtures/hostile/memory-bomb.zephyr, which took the process to 4 GB and aborted it (exit 134) before the limit.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess as cli } from "./in-process.js";
import { runCliAsync } from "./run-cli.js";

const BOMB = "fixtures/hostile/memory-bomb.zephyr";
const tmp = mkdtempSync(join(tmpdir(), "zephyr-memory-"));

describe("--max-memory", () => {
  it("the memory bomb ends fast with exit 2 and a located ZE_LIMIT_MEMORY naming the flag", async () => {
    const started = performance.now();
    const r = await cli(["render", BOMB, "--endpoint", "none"]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/memory-bomb\.zephyr:1:99: error ZE_LIMIT_MEMORY: /);
    expect(r.stderr).toContain("--max-memory");
  });

  it("in a process of its own, stays within a 400 MB heap (it needed 4 GB before)", async () => {
    const r = await runCliAsync(["render", BOMB, "--endpoint", "none"], {
      env: { NODE_OPTIONS: "--max-old-space-size=400" },
      timeoutMs: 20_000,
    });
    expect(r.code, r.stderr.slice(0, 500)).toBe(2);
    expect(r.stderr).toContain("ZE_LIMIT_MEMORY");
  });

  it("sets the limit: a template within the default fails under a small one, and the reverse", async () => {
    const t = join(tmp, "list.zephyr");
    writeFileSync(t, "{l = [x for x in range(1, 1000)]}{length(l)}");
    expect((await cli(["render", t, "--endpoint", "none"])).stdout).toBe("1000");
    const small = await cli(["render", t, "--endpoint", "none", "--max-memory", "4000"]);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/list\.zephyr:1:18: error ZE_LIMIT_MEMORY: .*more than 4000 bytes/);
    const raised = await cli(["render", BOMB, "--endpoint", "none", "--max-memory", "100"]);
    expect(raised.stderr).toContain("ZE_LIMIT_MEMORY");
  });

  it.each(["0", "-1", "64MB", "1e9"])("refuses --max-memory %s as a usage error", async (value) => {
    const r = await cli(["render", BOMB, "--endpoint", "none", "--max-memory", value]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^zephyr: --max-memory must be /);
  });
});
