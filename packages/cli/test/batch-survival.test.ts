/**
 * A batch survives any one profile (issue 13, "Also"): whatever a single profile does — throws, runs out of memory,
 * ends its worker thread — it is rejected with its diagnostic and every other record is written, in order. A worker
 * that stops is replaced and its records are retried one by one; the line that stops a worker again is rejected.
 * Against the built CLI (`tsc -b` and the bundle first).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeResults, splitLines } from "../src/batch/pool.js";
import { BIN, ROOT, runCliAsync } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "zephyr-survive-"));
/** Issue 13 item 1's template: 130 bytes that take a process to 4 GB, behind `{if profile.vars.boom}`. */
const BOOM =
  '{s = "x"}{foreach range(1, 19) as i}{s = s + s}{/foreach}{s = s + substr(s, 0, 475000)}{l = sort([s + i for i in range(1, 6000)])}';
const template = join(dir, "boom.zephyr");
writeFileSync(template, `{if profile.vars.boom}${BOOM}{/if}Hi {first_name}`);

/** `n` profiles named P1…Pn; the ones in `special` get the extra vars given. */
function profiles(name: string, n: number, special: Record<number, Record<string, unknown>>): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(JSON.stringify({ vars: { first_name: `P${i}`, ...special[i] } }));
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

const expected = (n: number, skip: number[]) =>
  Array.from({ length: n }, (_, i) => i + 1)
    .filter((i) => !skip.includes(i))
    .map((i) => JSON.stringify(`Hi P${i}`));

describe("zephyr batch survives one profile", () => {
  it.each(["1", "2"])(
    "a profile that ends its worker thread is rejected; the 2,999 others are written in order (--workers %s)",
    async (workers) => {
      const input = profiles(`exit-${workers}.ndjson`, 3000, { 1500: { first_name: "EXIT-HERE" } });
      const rejects = join(dir, `exit-rejects-${workers}.ndjson`);
      const r = await runCliAsync(
        ["batch", template, "--profiles", input, "--endpoint", "none", "--workers", workers, "--rejects", rejects],
        { env: { ZEPHYR_TEST_WORKER_EXIT_ON: "EXIT-HERE" } },
      );
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout.trim().split("\n")).toEqual(expected(3000, [1500]));
      const rejected = readFileSync(rejects, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(rejected).toEqual([
        {
          line: 1500,
          input: JSON.stringify({ vars: { first_name: "EXIT-HERE" } }),
          diagnostics: [
            {
              severity: "error",
              code: "ZE_BATCH_WORKER_DIED",
              message:
                "rendering this profile stopped its worker thread, twice: its thread exited with code 9; the other records were rendered",
            },
          ],
        },
      ]);
      expect(r.stderr).toContain("3,000 read · 2,999 written · 1 rejected");
      expect(r.stderr).toContain("2 worker threads stopped while rendering and were replaced");
    },
  );

  it.skipIf(!existsSync("/usr/bin/time"))(
    "the 130-byte out-of-memory template: its profile is rejected, the others are written, RSS stays bounded",
    () => {
      const input = profiles("boom.ndjson", 20, { 7: { boom: true } });
      const rejects = join(dir, "boom-rejects.ndjson");
      const started = Date.now();
      const r = spawnSync(
        "/usr/bin/time",
        [
          "-f",
          "maxrss-kb=%M",
          process.execPath,
          BIN,
          "batch",
          template,
          "--profiles",
          input,
          "--endpoint",
          "none",
          "--rejects",
          rejects,
        ],
        { cwd: ROOT, encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } },
      );
      const ms = Date.now() - started;
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout.trim().split("\n")).toEqual(expected(20, [7]));
      const [reject] = readFileSync(rejects, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(reject.line).toBe(7);
      expect(reject.diagnostics[0].code).toMatch(/^ZE_BATCH_WORKER_DIED$|^ZE_LIMIT_/);
      const rss = Number(/maxrss-kb=(\d+)/.exec(r.stderr)?.[1]);
      expect(rss / 1024, "peak RSS in MB").toBeLessThan(512);
      expect(ms).toBeLessThan(12_000);
    },
    30_000,
  );
});

describe("retrying a block line by line", () => {
  it("splits a block into one-line blocks with their line numbers, and merges results in order", () => {
    const bytes = new TextEncoder().encode('{"a":1}\n\n{"b":2}\r\n{"c":3}');
    const parts = splitLines({ firstLine: 10, lineCount: 4, bytes });
    expect(parts.map((p) => [p.firstLine, p.lineCount, Buffer.from(p.bytes).toString()])).toEqual([
      [10, 1, '{"a":1}\n'],
      [11, 1, "\n"],
      [12, 1, '{"b":2}\r\n'],
      [13, 1, '{"c":3}'],
    ]);
    const one = (out: string, rejects: string, written: number, rejected: number) => ({
      blank: 0,
      written,
      rejected,
      cancelled: 0,
      warned: 0,
      out: new TextEncoder().encode(out),
      rejects,
    });
    const merged = mergeResults([one("x\n", "", 1, 0), one("", "r1\n", 0, 1), one("y\n", "", 1, 0)]);
    expect([Buffer.from(merged.out).toString(), merged.rejects, merged.written, merged.rejected]).toEqual([
      "x\ny\n",
      "r1\n",
      2,
      1,
    ]);
  });
});
