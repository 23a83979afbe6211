/**
 * `zephyr check`, end to end: spawns the built CLI (build first: npx tsc -b packages/cli) on fixtures/check
 * (pass/ passes, fail/ and broken/ fail on purpose, invalid/ holds broken case files) and on the seed case files.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const CHECK = "fixtures/check";

/** A temporary copy of fixtures/check/<dirs> and fixtures/profiles, laid out as in the repository. */
function tempCopy(...dirs: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "zephyr-check-"));
  cpSync("fixtures/profiles", join(root, "profiles"), { recursive: true });
  // The project: case files read ../../profiles, inside the folder holding the configuration.
  cpSync("fixtures/zephyr.config.json", join(root, "zephyr.config.json"));
  for (const d of dirs) cpSync(join(CHECK, d), join(root, "check", d), { recursive: true });
  return root;
}

/** Checks that XML is well formed enough for a CI parser: balanced tags, no raw `<` or `&` in text or attributes. */
function expectWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  for (const token of body.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (!token.startsWith("<")) {
      expect(token).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
      continue;
    }
    const m = /^<(\/?)([\w-]+)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    expect(m, `malformed tag: ${token}`).not.toBeNull();
    const [, close, name, attrs, selfClose] = m!;
    expect(attrs).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name);
  }
  expect(stack).toEqual([]);
}

describe("zephyr check: passing cases", () => {
  it("the seed case files pass", () => {
    const r = runCli(["check", "fixtures/seed"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ greets Ann by her first name");
    expect(r.stdout).toMatch(/^21 passed, 0 failed \(7 files, \d+ ms\)$/m);
  });

  it("a passing folder exits 0 with a ✓ per case and the summary", () => {
    const r = runCli(["check", `${CHECK}/pass`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("fixtures/check/pass/welcome.cases.json (fixtures/check/pass/welcome.zephyr)");
    expect(r.stdout).toContain("✓ no phone number cancels the send");
    expect(r.stdout).toContain("✓ strict mode: a missing promo_url is an error");
    expect(r.stdout).toContain("- subscriptions endpoint (skipped: the welcome text is only sent with text-send)");
    expect(r.stdout).toMatch(/^10 passed, 0 failed, 1 skipped \(2 files, \d+ ms\)$/m);
  });

  it("a template path runs the case file beside it", () => {
    const r = runCli(["check", "fixtures/seed/profile-data.zephyr"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^4 passed, 0 failed/m);
    expect(r.stdout).not.toContain("content-recommendations");
  });

  it("render flags are defaults for every case (--strict fails the case that relies on a missing name)", () => {
    const r = runCli(["check", `${CHECK}/pass/reminder.cases.json`, "--strict"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ another time zone and clock");
    expect(r.stdout).toContain("ZE_UNDEFINED");
  });
});

describe("zephyr check: failing cases", () => {
  it("exits 1, marks failures with ✗ and file:line, and shows payload and output diffs", () => {
    const r = runCli(["check", `${CHECK}/fail`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✓ passes: Ann gets free shipping");
    expect(r.stdout).toContain('✗ payload <differs> & "quotes" fixtures/check/fail/welcome.cases.json:21');
    expect(r.stdout).toContain('-   "body": "Hi Ann! Your 10% off is waiting: https://shop.example.com/spring",');
    expect(r.stdout).toContain('+   "body": "Hi Ann! Your free shipping is waiting: https://shop.example.com/spring",');
    expect(r.stdout).toContain("- Hi Ann, your order ships Monday, Mar 18 before 5 PM EDT.");
    expect(r.stdout).toContain("+ Hi Ann, your order ships Sunday, Mar 17 before 5 PM EDT.");
    expect(r.stdout).toContain("the diagnostics differ: expected [AT_BODY_EMPTY], got [AT_TO_NOT_E164]");
    expect(r.stdout).toContain('the render was cancelled: "no phone number for ann.oneil@example.com"');
    expect(r.stdout).toContain("sms.segments: expected 2, got 1");
    expect(r.stdout).toMatch(/^1 passed, 5 failed \(2 files, \d+ ms\)$/m);
  });

  it("exits 2 when a template does not compile and a case does not expect it", () => {
    const r = runCli(["check", `${CHECK}/broken`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("✓ expects the compile error");
    expect(r.stdout).toContain("✗ expects a payload");
    expect(r.stdout).toContain("the template does not compile: ZE_UNCLOSED_BLOCK");
    expect(r.stdout).toContain("fixtures/check/broken/broken.zephyr:2:1");
  });
});

describe("zephyr check: reporters", () => {
  it("--reporter json prints one object: files, cases, results, summary", () => {
    const r = runCli(["check", `${CHECK}/fail`, `${CHECK}/pass`, "--reporter", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(["files", "cases", "results", "summary"]);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual([
      "fixtures/check/fail/reminder.cases.json",
      "fixtures/check/fail/welcome.cases.json",
      "fixtures/check/pass/reminder.cases.json",
      "fixtures/check/pass/welcome.cases.json",
    ]);
    expect(report.files[1]).toMatchObject({ template: "fixtures/check/pass/welcome.zephyr", cases: 5, failed: 4 });
    expect(report.cases).toBe(17);
    expect(report.summary).toMatchObject({ files: 4, cases: 17, passed: 11, failed: 5, skipped: 1, exitCode: 1 });
    const payload = report.results.find((x: { name: string }) => x.name === 'payload <differs> & "quotes"');
    expect(payload).toMatchObject({ file: "fixtures/check/fail/welcome.cases.json", line: 21, status: "failed" });
    expect(payload.failures[0]).toMatchObject({ expectation: "payload", message: "the payload differs" });
    expect(payload.failures[0].actual.body).toBe(
      "Hi Ann! Your free shipping is waiting: https://shop.example.com/spring",
    );
    expect(payload.failures[0].diff).toContain('+   "body": "Hi Ann! Your free shipping');
    const diags = report.results.find((x: { name: string }) => x.name === "expects the wrong diagnostics");
    expect(diags.failures[0]).toMatchObject({ expected: ["AT_BODY_EMPTY"], actual: ["AT_TO_NOT_E164"] });
    expect(report.results.filter((x: { status: string }) => x.status === "skipped")).toHaveLength(1);
  });

  it('--reporter junit prints well-formed JUnit XML with the counts, escaping <&"', () => {
    const r = runCli(["check", `${CHECK}/fail`, `${CHECK}/broken`, "--reporter", "junit"]);
    expect(r.code).toBe(2);
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expectWellFormedXml(xml);
    expect(xml).toMatch(/<testsuites name="zephyr check" tests="8" failures="6" errors="0" skipped="0"/);
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml.match(/<testcase /g)).toHaveLength(8);
    expect(xml.match(/<failure /g)).toHaveLength(6);
    expect(xml).toContain(
      '<testsuite name="fixtures/check/fail/welcome.cases.json" tests="5" failures="4" errors="0" skipped="0"',
    );
    expect(xml).toContain('<testcase name="payload &lt;differs&gt; &amp; &quot;quotes&quot;"');
    expect(xml).not.toContain("<differs>");
    expect(xml).toContain('line="21"');
    expect(xml).toContain('<failure message="the payload differs" type="payload">');
    expect(xml).toContain('message="the render was cancelled: &quot;no phone number for ann.oneil@example.com&quot;');
  });
});

describe("zephyr check --update", () => {
  it("rewrites the failing expectations, keeps the inputs, reports what changed; a second run passes", () => {
    const root = tempCopy("pass", "fail", "broken");
    const file = join(root, "check/fail/welcome.cases.json");
    const before = readFileSync(file, "utf8");
    const r = runCli(["check", "check", "--update"], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("check/fail/welcome.cases.json (check/pass/welcome.zephyr) rewritten");
    expect(r.stdout).toContain('↻ payload <differs> & "quotes" (updated: payload)');
    expect(r.stdout).toContain("↻ does not expect the cancel (updated: cancelled (added))");
    expect(r.stdout).toContain("↻ expects a payload (updated: payload (removed), error (added))");
    expect(r.stdout).toMatch(/^12 passed, 0 failed, 1 skipped, 6 updated/m);

    const after = readFileSync(file, "utf8");
    // Inputs keep their exact text; only expectations change.
    expect(after).toContain('"profile": { "email": "kim@example.com", "keys": { "sms": "2025550143" }, "vars": {} },');
    expect(after).toContain('"diagnostics": ["AT_TO_NOT_E164"],');
    expect(after).toContain('"sms": { "segments": 1 },');
    expect(after.split("\n").slice(0, 9)).toEqual(before.split("\n").slice(0, 9));
    const doc = JSON.parse(after);
    expect(doc.cases[3].cancelled).toBe("no phone number for ann.oneil@example.com");
    expect(doc.cases[1].payload.body).toBe("Hi Ann! Your free shipping is waiting: https://shop.example.com/spring");
    expect(JSON.parse(readFileSync(join(root, "check/broken/broken.cases.json"), "utf8")).cases[1]).toEqual({
      name: "expects a payload",
      error: "ZE_UNCLOSED_BLOCK",
    });

    const again = runCli(["check", "check"], { cwd: root });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^18 passed, 0 failed, 1 skipped/m);
  });

  it("leaves passing case files byte for byte as they are", () => {
    const root = tempCopy("pass");
    const file = join(root, "check/pass/welcome.cases.json");
    const before = readFileSync(file, "utf8");
    const r = runCli(["check", "check", "--update"], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("rewritten");
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});

describe("zephyr check: usage errors (exit 64, nothing runs)", () => {
  it("an invalid case file names its file:line:col", () => {
    const r = runCli(["check", `${CHECK}/invalid`]);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "fixtures/check/invalid/syntax.cases.json:5:60: invalid case file: trailing comma before ']'",
    );
    expect(r.stderr).toContain(
      'fixtures/check/invalid/unknown-key.cases.json:7:7: case "a typo in an expectation": unknown key "paylod"',
    );
    expect(r.stderr).toContain("check stopped before running any case (2 problems)");
  });

  it("an input file that cannot be read names the case file position that refers to it", () => {
    const root = tempCopy("pass");
    writeFileSync(
      join(root, "check/pass/welcome.cases.json"),
      '{\n  "cases": [\n    { "name": "x", "profile": "nobody.json" }\n  ]\n}\n',
    );
    const r = runCli(["check", "check/pass/welcome.cases.json"], { cwd: root });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("check/pass/welcome.cases.json:3:31: cannot read profile check/pass/nobody.json");
  });

  it("a path without case files, a missing path and a bad reporter are usage errors", () => {
    const r = runCli(["check", "fixtures/profiles", "no/such/dir", "fixtures/data/static-content.json"]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("zephyr: fixtures/profiles: no *.cases.json files in this directory");
    expect(r.stderr).toContain("zephyr: no/such/dir: no such file or directory");
    expect(r.stderr).toContain(
      "zephyr: fixtures/data/static-content.json: no case file for this template (expected fixtures/data/static-content.cases.json)",
    );
    expect(runCli(["check", CHECK, "--reporter", "xml"]).code).toBe(64);
  });

  it("--help shows the case-file shape, examples and exit codes", () => {
    const r = runCli(["check", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--reporter <name>");
    expect(r.stdout).toContain("--update");
    expect(r.stdout).toContain("$ zephyr check templates/ --reporter junit > junit.xml");
    expect(r.stdout).toContain("Exit codes: 0 all cases pass");
  });
});
