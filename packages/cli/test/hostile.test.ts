/**
 * Hostile files (fixtures/hostile/README.md): each one gives a correct render or a clear error with the right exit
 * code — never a crash (exit 70), a hang or garbage. The decoding rules are checked on every file (readText); the
 * CLI runs on a representative set, in-process (`main`, on the sources) or, where it takes a process of its own
 * (standard input, the thread's stack size, the regexp stack), the built CLI (`tsc -b` first).
 *
 * Tests marked `fails` show a bug found while writing them (see the issue-8 robustness report); each one starts
 * passing — and so must be turned back into a plain test — when the bug is fixed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "../src/errors.js";
import { readText } from "../src/inputs.js";
import { runInProcess as cli } from "./in-process.js";
import { type CliRun, ROOT, runCliAsync as run } from "./run-cli.js";

const H = "fixtures/hostile";
const SEED = "fixtures/seed/profile-data.zephyr";
const ANN = "fixtures/profiles/ann.json";
const tmp = mkdtempSync(join(tmpdir(), "zephyr-hostile-"));
const file = (name: string, content: string | Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

/** A template from fixtures/hostile rendered as text with Ann's profile. */
const text = (template: string, ...args: string[]) =>
  cli(["render", `${H}/${template}`, "--endpoint", "none", "--profile", ANN, ...args]);
/** The seed template with a profile from fixtures/hostile. */
const seedWith = (profile: string) => cli(["render", SEED, "--profile", `${H}/${profile}`]);

/** A usage error: exit 64, one line on stderr that starts `zephyr:`, nothing on stdout, no stack trace. */
function expectUsageError(r: CliRun, message: RegExp): void {
  expect(r.code, r.stderr).toBe(64);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^zephyr: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

/** What readText makes of a file: its text, or the usage error's message. */
function decoded(path: string, what = "template"): string | CliError {
  try {
    return readText(join(ROOT, path), what);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
}

describe("decoding every hostile file (in-process)", () => {
  it.each([
    ["bom-template.zephyr", "Hi {first_name}!\n"],
    ["utf16le-bom-template.zephyr", "Hi {first_name} ✓ 😀\n"],
    ["utf16be-bom-template.zephyr", "Hi {first_name} ✓ 😀\n"],
    ["crlf-error.zephyr", "Hello {first_name},\r\nyour order:\r\n  {nosuch(order)}\r\nThanks\r\n"],
  ])("%s decodes to its text (BOM dropped, CRLF kept)", (name, expected) => {
    expect(decoded(`${H}/${name}`)).toBe(expected);
  });

  it.each([
    ["invalid-utf8-template.zephyr", "is not valid UTF-8: byte 0xc3 at offset 16 (line 2); save it as UTF-8"],
    ["overlong-utf8-template.zephyr", "is not valid UTF-8: byte 0xc0 at offset 16 (line 1)"],
    ["surrogate-utf8-template.zephyr", "is not valid UTF-8: byte 0xed at offset 16 (line 1)"],
    ["latin1-template.zephyr", "is not valid UTF-8: byte 0xe1 at offset 2 (line 1)"],
    ["utf16le-nobom-template.zephyr", "is not valid UTF-8"],
    ["nul-template.zephyr", "contains a NUL character (line 2); it is probably not a text file"],
    ["invalid-utf8-profile.json", "is not valid UTF-8: byte 0xff at offset 58 (line 1)"],
    ["nul-profile.json", "contains a NUL character (line 1)"],
  ])("%s is a usage error that says where", (name, message) => {
    const e = decoded(`${H}/${name}`);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(64);
    expect((e as CliError).message).toContain(`template ${join(ROOT, H, name)} ${message}`);
  });
});

describe("byte-order marks, UTF-16 and CRLF through the CLI", () => {
  it("a UTF-8 BOM before a template (file or standard input) is dropped", async () => {
    const fromStdin = run(["render", "-", "--endpoint", "none", "--profile", ANN], { input: "\ufeffHi {first_name}!" });
    const fromFile = await text("bom-template.zephyr");
    expect([fromFile.code, fromFile.stdout]).toEqual([0, "Hi Ann!\n"]);
    const stdin = await fromStdin;
    expect([stdin.code, stdin.stdout]).toEqual([0, "Hi Ann!"]);
  });

  it("a UTF-8 BOM before a profile is dropped", async () => {
    const r = await seedWith("bom-profile.json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).body).toBe("Hi, Bo !");
  });

  it("UTF-16 (LE and BE) with a BOM is decoded and rendered", async () => {
    for (const f of ["utf16le-bom-template.zephyr", "utf16be-bom-template.zephyr"]) {
      const r = await text(f);
      expect([r.code, r.stdout], f).toEqual([0, "Hi Ann ✓ 😀\n"]);
    }
  });

  it("an error on line 3 of a CRLF template is reported at file:3:column, without a CR in the frame", async () => {
    const r = await text("crlf-error.zephyr");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${H}/crlf-error.zephyr:3:4: error ZE_UNKNOWN_FUNCTION: unknown function 'nosuch'`);
    expect(r.stderr).toContain("3 |   {nosuch(order)}\n");
    expect(r.stderr).not.toContain("\r");
  });

  it("a run-time error on line 3 of a CRLF template is reported at file:3:column", async () => {
    const r = await cli(["render", file("crlf-div.zephyr", "a\r\nb\r\n  {1 / 0}\r\n"), "--endpoint", "none"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/crlf-div\.zephyr:3:4: error ZE_DIVISION_BY_ZERO/);
  });

  it("a CRLF payload template renders the seed's payload, and its diagnostics have the seed's lines", async () => {
    const ok = await cli(["render", `${H}/crlf-payload.zephyr`, "--profile", ANN]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      to: "+12025550143",
      body: "Hi, Ann !",
      subscriptionType: "MARKETING",
      useShortLinks: false,
      skipFatigue: false,
    });
    const noPhone = await cli([
      "render",
      `${H}/crlf-payload.zephyr`,
      "--profile",
      "fixtures/profiles/the-hammer-no-phone.json",
    ]);
    expect(noPhone.code).toBe(1);
    expect(noPhone.stderr).toContain(`${H}/crlf-payload.zephyr:3:9: error AT_TO_NOT_E164 /to:`);
  });
});

describe("bytes that are not UTF-8 text, through the CLI", () => {
  it("a Latin-1 template: exit 64 naming the byte and its offset", async () => {
    expectUsageError(
      await text("latin1-template.zephyr"),
      /template .*latin1-template\.zephyr is not valid UTF-8: byte 0xe1 at offset 2 \(line 1\); save it as UTF-8/,
    );
  });

  it("a template with a NUL byte: exit 64 naming the line", async () => {
    expectUsageError(await text("nul-template.zephyr"), /nul-template\.zephyr contains a NUL character \(line 2\)/);
  });

  it("a profile that is not UTF-8, or holds a NUL byte: exit 64 naming where", async () => {
    expectUsageError(
      await seedWith("invalid-utf8-profile.json"),
      /profile .*invalid-utf8-profile\.json is not valid UTF-8: byte 0xff at offset 58/,
    );
    expectUsageError(
      await seedWith("nul-profile.json"),
      /profile .*nul-profile\.json contains a NUL character \(line 1\)/,
    );
  });

  it("a payload that is not UTF-8: validate exits 64", async () => {
    expectUsageError(
      await cli(["validate", file("latin1.json", Buffer.from('{"body": "caf\xe9"}', "latin1"))]),
      /payload .*latin1\.json is not valid UTF-8: byte 0xe9 at offset 13/,
    );
  });

  it("an escaped \\u0000 in a profile is data, and renders as an escape", async () => {
    const escaped = file("nul-escaped.json", '{"keys": {"sms": "+12025550143"}, "vars": {"first_name": "A\\u0000B"}}');
    const r = await cli(["render", SEED, "--profile", escaped]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"body": "Hi, A\\u0000B !"');
  });
});

describe("duplicate and __proto__ keys, through the CLI", () => {
  it("a profile with a key twice: JSON.parse semantics, the last one wins", async () => {
    const r = await seedWith("duplicate-keys-profile.json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).body).toBe("Hi, B !");
  });

  it("a payload with a field twice: an AT_DUPLICATE_KEY warning at the second one, the last one counts", async () => {
    const r = await cli(["render", `${H}/duplicate-keys-payload.zephyr`, "--profile", ANN]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).body).toBe("Hi Ann");
    expect(r.stderr).toContain(`${H}/duplicate-keys-payload.zephyr:5:1: warning AT_DUPLICATE_KEY /body:`);
    const json = await cli(["render", `${H}/duplicate-keys-payload.zephyr`, "--profile", ANN, "--format", "json"]);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(true);
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "AT_DUPLICATE_KEY",
        severity: "warning",
        path: "/body",
        span: expect.objectContaining({ line: 5, column: 1 }),
      }),
    );
  });

  it("a profile with __proto__ and constructor keys renders and leaks nothing", async () => {
    const seed = await seedWith("proto-profile.json");
    expect(JSON.parse(seed.stdout).body).toBe("Hi, Ann !");
    const probe = file(
      "probe.zephyr",
      "Hi {first_name}|{polluted}|{profile.polluted}|{profile.vars.__proto__.first_name}|{profile.vars.constructor}",
    );
    const r = await cli(["render", probe, "--endpoint", "none", "--profile", `${H}/proto-profile.json`]);
    expect([r.code, r.stdout]).toEqual([0, "Hi Ann||||"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("size and depth, through the CLI", () => {
  const big = file("ten-mb.zephyr", `Hi {first_name}! ${"x".repeat(10_000_000)} {1 + 1}`);

  it("a 10 MB single-line template is refused fast by the default template-size limit (exit 2, names the flag)", async () => {
    const started = Date.now();
    const r = await cli(["render", big, "--endpoint", "none", "--profile", ANN]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error ZE_LIMIT_TEMPLATE_SIZE: the template is 10000025 characters long; the limit is 1000000",
    );
    expect(r.stderr).toContain("--max-template-size");
    expect(r.stderr.length).toBeLessThan(1_000);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  // B7: the lexer's Text pattern /(?:[^{]|\{(?=\s)|\{(?![\s\S]))+/ keeps a backtrack entry per character: a text run
  // of a few million characters overflows the regexp stack (RangeError in Lexer.matchLength → "internal error", 70).
  // Spawned: the built CLI, as users run it.
  it("B7: with --max-template-size 20000000 (and --max-output) the 10 MB line renders in seconds", async () => {
    const started = Date.now();
    const r = await run([
      "render",
      big,
      "--endpoint",
      "none",
      "--profile",
      ANN,
      "--max-template-size",
      "20000000",
      "--max-output",
      "20000000",
    ]);
    expect(r.code, r.stderr.slice(0, 300)).toBe(0);
    expect(r.stdout).toBe(`Hi Ann! ${"x".repeat(10_000_000)} 2`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  // B8: codeFrame prints the whole source line and one caret per column of the span, so an error in a long line
  // prints all of it (here 600 000 characters; a 10 MB minified template prints 10 MB). It should clip around the span.
  it("B8: an error in a very long line prints a short code frame", async () => {
    const long = file("long-line.zephyr", `${"x".repeat(300_000)}{nosuch(1)}${"y".repeat(300_000)}`);
    const r = await cli(["render", long, "--endpoint", "none"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("long-line.zephyr:1:300002: error ZE_UNKNOWN_FUNCTION");
    expect(r.stderr.length).toBeLessThan(2_000);
  });

  // Spawned: whether printing overflows depends on the stack of the CLI's main thread, not of this test's worker.
  it("a profile nested 100 000 levels deep is parsed: the seed renders; printing the deep value is ZE_LIMIT_DEPTH", async () => {
    const deep = file(
      "deep-profile.json",
      `{"keys": {"sms": "+12025550143"}, "vars": {"first_name": "Ann"}, "deep": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    );
    const [seed, printed] = await Promise.all([
      run(["render", SEED, "--profile", deep]),
      run(["render", file("print-deep.zephyr", "x{profile.deep}"), "--endpoint", "none", "--profile", deep]),
    ]);
    expect(seed.code, seed.stderr.slice(0, 300)).toBe(0);
    expect(JSON.parse(seed.stdout).body).toBe("Hi, Ann !");
    expect(printed.code, printed.stderr.slice(0, 300)).toBe(2);
    expect(printed.stderr).toContain("error ZE_LIMIT_DEPTH");
    expect(printed.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it("a payload file nested 100 000 levels deep is validated without a crash", async () => {
    const deep = file(
      "deep-payload.json",
      `{"to": "+12025550143", "body": "x", "subscriptionType": "MARKETING", "useShortLinks": false, "skipFatigue": false, "extra": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    );
    const r = await cli(["validate", deep]);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toMatch(/deep-payload\.json: (valid|invalid) text-send payload/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
