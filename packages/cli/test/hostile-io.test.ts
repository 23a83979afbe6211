/**
 * Hostile files and inputs at the CLI's edges (issue 13 items 4, 5, 7, 8): snippet files that are not regular files,
 * too large or not UTF-8; case-file paths that leave the project; a resume whose input changed; profile lines and
 * feeds that are not UTF-8. Each ends in a clear, located error or a reject, never a hang, a huge read or a silent
 * replacement character. See fixtures/hostile/README.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSnippetFile, snippetDirectory } from "../src/inputs.js";
import { runInProcess as cli } from "./in-process.js";
import { runCliAsync as run } from "./run-cli.js";

const H = "fixtures/hostile";
const tmp = mkdtempSync(join(tmpdir(), "zephyr-hostile-io-"));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

describe("snippet files (item 4 and 8)", () => {
  const dir = join(tmp, "snippets");
  mkdirSync(dir);
  writeFileSync(join(dir, "fine.zephyr"), "fine {x}");
  symlinkSync("/dev/zero", join(dir, "zero.zephyr"));
  execFileSync("mkfifo", [join(dir, "fifo.zephyr")]);
  writeFileSync(join(dir, "big.zephyr"), "y".repeat(400));
  const render = (source: string, ...flags: string[]) =>
    cli(["render", file(`t${source.length}.zephyr`, source), "--endpoint", "none", "--snippets", dir, ...flags]);

  it("a regular snippet is included", async () => {
    const r = await render("{x = 1}A{include 'fine'}");
    expect([r.code, r.stdout]).toEqual([0, "Afine 1"]);
  });

  it("a symbolic link to /dev/zero is refused at the {include}, without reading it", async () => {
    const r = await render("Hi\n  {include 'zero'}");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(":2:3: error ZE_INCLUDE: cannot include 'zero': snippet ");
    expect(r.stderr).toContain("zero.zephyr is a character device, not a regular file");
  });

  it("a FIFO is refused at once (opening it does not wait for a writer)", async () => {
    const started = Date.now();
    const r = await render("{include 'fifo'}");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(":1:1: error ZE_INCLUDE: cannot include 'fifo'");
    expect(r.stderr).toContain("is a FIFO (named pipe), not a regular file");
  });

  it("a snippet larger than the template size limit allows is refused before it is read", async () => {
    const r = await render("{include 'big'}", "--max-template-size", "100");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("big.zephyr is 400 bytes, more than the template size limit of 100 characters allows");
    expect((await render("{include 'big'}", "--max-template-size", "400")).stdout).toBe("y".repeat(400));
  });

  it("the size is checked on the opened file: a snippet is never read past the limit", () => {
    expect(() => readSnippetFile(join(dir, "big.zephyr"), 10)).toThrow(/400 bytes/);
    expect(readSnippetFile(join(dir, "missing.zephyr"), 10)).toBeUndefined();
    expect(readSnippetFile(dir, 10)).toBeUndefined();
  });

  it("a snippet that is not UTF-8 is an error at the {include} naming the byte (fixtures/hostile)", async () => {
    const r = await cli([
      "render",
      `${H}/include-invalid-utf8.zephyr`,
      "--endpoint",
      "none",
      "--snippets",
      `${H}/snippets`,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("include-invalid-utf8.zephyr:2:1: error ZE_INCLUDE: cannot include 'invalid-utf8'");
    expect(r.stderr).toContain("invalid-utf8.zephyr is not valid UTF-8: byte 0xc3 at offset 3 (line 1)");
    expect(r.stdout).not.toContain("\ufffd");
  });

  it("with `confine`, a link that leads out of the project is refused", () => {
    const project = join(tmp, "project");
    mkdirSync(join(project, "snippets"), { recursive: true });
    symlinkSync(file("secret.txt", "outside"), join(project, "snippets", "host.zephyr"));
    const resolve = snippetDirectory(join(project, "snippets"), { confine: project });
    expect(() => resolve("host")).toThrow(/host.zephyr is a link to .*secret.txt, outside the project/);
  });
});

describe("batch profile lines that are not UTF-8 (item 8)", () => {
  it.each(["1", "2"])(
    "go to rejects with their line number, the others are written (--workers %s)",
    async (workers) => {
      const rejects = join(tmp, `rejects-${workers}.ndjson`);
      const r = await run([
        "batch",
        "fixtures/seed/profile-data.zephyr",
        "--profiles",
        `${H}/invalid-utf8-profiles.ndjson`,
        "--rejects",
        rejects,
        "--workers",
        workers,
      ]);
      expect(r.code).toBe(1);
      const written = r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).body);
      expect(written).toEqual(["Hi, Ann !", "Hi, Zoë !"]);
      const rejected = readFileSync(rejects, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(rejected).toHaveLength(1);
      expect(rejected[0].line).toBe(2);
      expect(rejected[0].diagnostics).toEqual([
        {
          severity: "error",
          code: "ZE_BATCH_NOT_UTF8",
          message: "the line is not valid UTF-8: byte 0xe9 at byte 57 of the line; save the profiles as UTF-8",
        },
      ]);
    },
  );
});
