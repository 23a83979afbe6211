/**
 * Hostile files and inputs at the CLI's edges (issue 13 items 4, 5, 7, 8): snippet files that are not regular files,
 * too large or not UTF-8; case-file paths that leave the project; a resume whose input changed; profile lines and
 * feeds that are not UTF-8. Each ends in a clear, located error or a reject, never a hang, a huge read or a silent
 * replacement character. See fixtures/hostile/README.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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

describe("zephyr check: case-file paths stay in the project (item 5)", () => {
  // outside/secret.json and outside/secret.zephyr are the runner's files; project/ is the contributor's branch.
  const base = join(tmp, "check");
  const project = join(base, "project");
  const outside = join(base, "outside");
  mkdirSync(join(project, "snippets"), { recursive: true });
  mkdirSync(outside, { recursive: true });
  const SECRET = "TOP-SECRET-RUNNER-VALUE";
  writeFileSync(join(outside, "secret.json"), JSON.stringify({ vars: { first_name: SECRET } }));
  writeFileSync(join(outside, "secret.zephyr"), SECRET);
  writeFileSync(
    join(project, "ann.json"),
    JSON.stringify({ keys: { sms: "+12025550143" }, vars: { first_name: "Ann" } }),
  );
  symlinkSync(join(outside, "secret.json"), join(project, "link.json"));
  symlinkSync(join(outside, "secret.zephyr"), join(project, "snippets", "leak.zephyr"));
  writeFileSync(join(project, "hi.zephyr"), "Hi {first_name}");
  writeFileSync(join(project, "inc.zephyr"), "{include 'leak'}");

  /** Writes `name.cases.json` in the project (checking hi.zephyr unless `template` says else) and checks it. */
  const check = (name: string, caseFile: Record<string, unknown>, ...args: string[]) => {
    const path = join(project, `${name}.cases.json`);
    writeFileSync(path, JSON.stringify({ template: "hi.zephyr", ...caseFile }, null, 2));
    return cli(["check", path, ...args]);
  };
  const one = (inputs: Record<string, unknown>) => ({
    cases: [{ name: "leak", endpoint: "none", output: "x", ...inputs }],
  });

  it.each([
    ["an absolute profile", "abs", one({ profile: "/etc/passwd" }), '"profile" "/etc/passwd" is an absolute path'],
    [
      "a profile through ..",
      "dotdot",
      one({ profile: "../outside/secret.json" }),
      '"profile" "../outside/secret.json" leads out of the project',
    ],
    ["data through a link", "link", one({ data: "link.json" }), '"data" "link.json" is a symbolic link to'],
    [
      "a catalog through ..",
      "catalog",
      one({ catalog: "../outside/secret.json" }),
      '"catalog" "../outside/secret.json" leads out',
    ],
    ["snippets at /", "root", { defaults: { snippets: "/" }, ...one({}) }, '"snippets" "/" is an absolute path'],
    [
      "a template through ..",
      "tpl",
      { template: "../outside/secret.zephyr", ...one({}) },
      '"template" "../outside/secret.zephyr" leads out',
    ],
  ])(
    "%s is refused (exit 64), naming the case file and the field; nothing is read",
    async (_what, name, caseFile, message) => {
      const r = await check(name, caseFile);
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(new RegExp(`${name}\\.cases\\.json:\\d+:\\d+: `));
      expect(r.stderr).toContain(message);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain("root:");
    },
  );

  it("a snippet that is a link out of the project is refused when included; its text is not printed", async () => {
    const r = await check("snippet", { template: "inc.zephyr", ...one({ snippets: "snippets" }) });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("is a link to");
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it("paths inside the project are read; a zephyr.config.json above makes its folder the project", async () => {
    const ok = await check("inside", {
      cases: [{ name: "ann", endpoint: "none", profile: "ann.json", output: "Hi Ann" }],
    });
    expect([ok.code, ok.stderr]).toEqual([0, ""]);
    const up = await check("up", one({ profile: "../outside/secret.json", output: `Hi ${SECRET}` }));
    expect(up.code).toBe(64);
    writeFileSync(join(base, "zephyr.config.json"), "{}");
    try {
      const allowed = await check("up", one({ profile: "../outside/secret.json", output: `Hi ${SECRET}` }));
      expect([allowed.code, allowed.stderr]).toEqual([0, ""]);
    } finally {
      rmSync(join(base, "zephyr.config.json"));
    }
  });
});
