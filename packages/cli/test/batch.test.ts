/** `zephyr batch`: outputs, rejects, counts, order with worker threads, stdin, exit codes (against the built CLI). */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUDIENCE,
  NOW,
  ndjsonLines,
  profileLines,
  SEED,
  tempDir,
  writeAssertTemplate,
  writeProfiles,
  writeTextTemplate,
} from "./batch-helpers.js";
import { ROOT, runCli } from "./run-cli.js";

const dir = tempDir();
const audience = readFileSync(join(ROOT, AUDIENCE), "utf8").split("\n");

describe("zephyr batch: the audience fixture", () => {
  const out = join(dir, "payloads.ndjson");
  const rejects = join(dir, "rejects.ndjson");
  const r = runCli(["batch", SEED, "--profiles", AUDIENCE, "--out", out, "--rejects", rejects, "--now", NOW]);

  it("writes one compact payload per accepted line, in input order, and exits 1 because lines were rejected", () => {
    expect(r.code).toBe(1);
    const payloads = ndjsonLines(readFileSync(out, "utf8")).map((l) => JSON.parse(l));
    expect(payloads).toHaveLength(47);
    expect(payloads[0]).toEqual({
      to: "+12025550100",
      body: "Hi, Ann !",
      subscriptionType: "MARKETING",
      useShortLinks: false,
      skipFatigue: false,
    });
    const tos = payloads.map((p) => p.to);
    expect(tos).toEqual([...tos].sort());
    expect(readFileSync(out, "utf8")).toContain(
      `${JSON.stringify({ to: "+12025550112", body: 'Hi, Ann "The Hammer" O\'Neil \\ 🔨🎉 !', subscriptionType: "MARKETING", useShortLinks: false, skipFatigue: false })}\n`,
    );
  });

  it("rejects lines with their 1-based line number, the raw line and the diagnostics (a malformed one in the middle)", () => {
    const lines = ndjsonLines(readFileSync(rejects, "utf8")).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([8, 24, 26, 44]);
    for (const l of lines) expect(l.input).toBe(audience[l.line - 1]);
    expect(lines[0].diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "AT_TO_NOT_E164", path: "/to" }),
    ]);
    expect(lines[2].diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "ZE_BATCH_NOT_JSON" })]);
  });

  it("prints the summary on stderr (the blank line is not counted)", () => {
    expect(r.stderr).toMatch(/51 read · 47 written · 4 rejected · 0 cancelled · [\d.]+ s · [\d,]+\/s/);
    expect(r.stderr).toContain(`rejected lines are in ${rejects}`);
    expect(r.stdout).toBe("");
  });

  it("keeps a resume record beside --out with the counts", () => {
    const progress = JSON.parse(readFileSync(`${out}.progress`, "utf8"));
    expect(progress).toMatchObject({ lines: 52, blank: 1, written: 47, rejected: 4, cancelled: 0 });
    expect(progress.outBytes).toBe(readFileSync(out).length);
  });
});

describe("zephyr batch: outcomes", () => {
  it("counts renders cancelled by assert() without writing or rejecting them; exit 0", () => {
    const template = writeAssertTemplate(dir);
    const input = ["Ann", "Skip", "Leo"]
      .map((name, i) => JSON.stringify({ keys: { sms: `+1202555014${i}` }, vars: { first_name: name } }))
      .join("\n");
    const r = runCli(["batch", template, "--profiles", "-", "--now", NOW], { input });
    expect(r.code).toBe(0);
    expect(ndjsonLines(r.stdout).map((l) => JSON.parse(l).body)).toEqual(["Hi, Ann !", "Hi, Leo !"]);
    expect(r.stderr).toMatch(/3 read · 2 written · 0 rejected · 1 cancelled/);
  });

  it("reads standard input (--profiles -) exactly as a file, CRLF line ends included", () => {
    const crlf = audience.join("\r\n");
    const fromStdin = runCli(["batch", SEED, "--profiles", "-", "--now", NOW], { input: crlf });
    expect(fromStdin.stdout).toBe(readFileSync(join(dir, "payloads.ndjson"), "utf8"));
    expect(fromStdin.code).toBe(1);
    // Without --rejects, the rejected lines are shown on stderr.
    expect(fromStdin.stderr).toContain("line 26: rejected ZE_BATCH_NOT_JSON");
  });

  it("--endpoint none writes each text as a JSON string; --strict errors are rejects; assert() cancels (counted, not written)", () => {
    const template = writeTextTemplate(dir);
    const input = [
      '{"id": 1, "vars": {"first_name": "Ann\\nLee"}}',
      '{"id": 2}',
      "[1]",
      '{"id": 3, "vars": {"first_name": "Skip"}}',
    ];
    const rejects = join(dir, "text-rejects.ndjson");
    const r = runCli(["batch", template, "--profiles", "-", "--endpoint", "none", "--strict", "--rejects", rejects], {
      input: input.join("\n"),
    });
    expect(r.code).toBe(1);
    expect(ndjsonLines(r.stdout).map((l) => JSON.parse(l))).toEqual(["Hi Ann\nLee, #1"]);
    const rejected = ndjsonLines(readFileSync(rejects, "utf8")).map((l) => JSON.parse(l));
    expect(rejected.map((l) => [l.line, l.input])).toEqual([
      [2, '{"id": 2}'],
      [3, "[1]"],
    ]);
    expect(rejected[1].diagnostics[0]).toMatchObject({ code: "ZE_BATCH_NOT_OBJECT" });
    expect(r.stderr).toMatch(/4 read · 1 written · 2 rejected · 1 cancelled/);
  });
});

describe("zephyr batch: worker threads", () => {
  it("--workers 3 writes exactly what --workers 1 writes, in input order (2,000 lines)", () => {
    const template = writeAssertTemplate(dir);
    const profiles = writeProfiles(dir, 2000);
    const run = (workers: string) => {
      const rejects = join(dir, `rejects-${workers}.ndjson`);
      const r = runCli([
        "batch",
        template,
        "--profiles",
        profiles,
        "--workers",
        workers,
        "--now",
        NOW,
        "--rejects",
        rejects,
      ]);
      return { ...r, rejects: readFileSync(rejects, "utf8") };
    };
    const one = run("1");
    const three = run("3");
    expect(one.code).toBe(1);
    expect(three.code).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    expect(three.rejects).toBe(one.rejects);
    const expected = profileLines(2000);
    const blank = expected.filter((l) => l === "").length;
    const rejected = ndjsonLines(one.rejects).map((l) => JSON.parse(l));
    for (const l of rejected) expect(l.input).toBe(expected[l.line - 1]);
    const summary = /([\d,]+) read · ([\d,]+) written · ([\d,]+) rejected · ([\d,]+) cancelled/.exec(three.stderr)!;
    const [read, written, rej, cancelled] = summary.slice(1).map((s) => Number(s.replace(/,/g, "")));
    expect(read).toBe(2000 - blank);
    expect([written, rej]).toEqual([ndjsonLines(one.stdout).length, rejected.length]);
    expect(written + rej + cancelled).toBe(read);
    expect(cancelled).toBeGreaterThan(150);
  });
});

describe("zephyr batch: --workers auto (the default)", () => {
  it("renders a profiles file of 16 MB or more on worker threads, with the output of one thread", () => {
    const notes = "n".repeat(2000); // few lines, many bytes: the threshold is in bytes
    const lines = profileLines(8500).map((l) => (l.endsWith("}") ? `${l.slice(0, -1)}, "notes": "${notes}"}` : l));
    const big = join(dir, "big.ndjson");
    writeFileSync(big, `${lines.join("\n")}\n`);
    expect(statSync(big).size).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    const auto = runCli(["batch", SEED, "--profiles", big, "--now", NOW]);
    const one = runCli(["batch", SEED, "--profiles", big, "--now", NOW, "--workers", "1"]);
    expect(auto.code).toBe(1); // the malformed and phone-less lines
    expect(auto.stdout).toBe(one.stdout);
    if (availableParallelism() > 1) expect(auto.stderr).toMatch(/rendered on [2-4] worker threads/);
    expect(one.stderr).not.toMatch(/worker threads/);
    const small = runCli(["batch", SEED, "--profiles", AUDIENCE, "--now", NOW]);
    expect(small.stderr).not.toMatch(/worker threads/);
  });
});

describe("zephyr batch: many read chunks", () => {
  it("cuts lines that cross 256 KB read chunks (and 64 KB pipe chunks) whole, with and without workers", () => {
    const profiles = writeProfiles(dir, 9000, "big.ndjson");
    const text = readFileSync(profiles, "utf8");
    expect(text.length).toBeGreaterThan(3 * 256 * 1024);
    const run = (workers: string, stdin: boolean) => {
      const rejects = join(dir, `big-rejects-${workers}-${stdin}.ndjson`);
      const args = ["batch", SEED, "--profiles", stdin ? "-" : profiles, "--workers", workers, "--now", NOW];
      const r = runCli([...args, "--rejects", rejects], stdin ? { input: text } : {});
      return { ...r, rejects: readFileSync(rejects, "utf8") };
    };
    const one = run("1", false);
    expect(one.code).toBe(1);
    const expected = profileLines(9000);
    const rejected = ndjsonLines(one.rejects).map((l) => JSON.parse(l));
    expect(rejected.length).toBeGreaterThan(100);
    for (const l of rejected) expect(l.input).toBe(expected[l.line - 1]);
    const accepted = expected.filter((l, i) => l !== "" && !rejected.some((x) => x.line === i + 1));
    expect(ndjsonLines(one.stdout).map((l) => JSON.parse(l).body)).toEqual(
      accepted.map((l) => `Hi, ${JSON.parse(l).vars.first_name} !`),
    );
    for (const [workers, stdin] of [
      ["2", false],
      ["1", true],
      ["2", true],
    ] as const) {
      const other = run(workers, stdin);
      expect([other.code, other.stdout, other.rejects]).toEqual([1, one.stdout, one.rejects]);
    }
  });
});

describe("zephyr batch: errors", () => {
  it("a template that does not compile exits 2 and touches no output", () => {
    const bad = join(dir, "bad.zephyr");
    writeFileSync(bad, "{if vip}Hi");
    const out = join(dir, "never.ndjson");
    const r = runCli(["batch", bad, "--profiles", AUDIENCE, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ZE_UNCLOSED_BLOCK");
    expect(existsSync(out)).toBe(false);
  });

  it("an unreadable --profiles and a bad --workers are usage errors (64)", () => {
    const missing = runCli(["batch", SEED, "--profiles", "nope.ndjson"]);
    expect([missing.code, missing.stderr]).toEqual([64, "zephyr: cannot read profiles nope.ndjson: no such file\n"]);
    const workers = runCli(["batch", SEED, "--profiles", AUDIENCE, "--workers", "0"]);
    expect([workers.code, workers.stderr]).toEqual([
      64,
      'zephyr: --workers must be auto or a whole number from 1 to 256; got "0"\n',
    ]);
  });

  it("never writes over the input file", () => {
    const profiles = writeProfiles(dir, 10, "self.ndjson");
    const before = readFileSync(profiles, "utf8");
    const r = runCli(["batch", SEED, "--profiles", profiles, "--out", profiles]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("is the --profiles file");
    expect(readFileSync(profiles, "utf8")).toBe(before);
  });

  it.skipIf(!existsSync("/dev/full"))("a full disk (ENOSPC) stops the run with a clear message and exit 74", () => {
    const r = runCli(["batch", SEED, "--profiles", AUDIENCE, "--out", "/dev/full"]);
    expect(r.code).toBe(74);
    expect(r.stderr).toContain("zephyr: cannot write /dev/full: no space left on the device (ENOSPC)");
    expect(r.stderr).toMatch(/0 written/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--help shows the usage, an example and the exit codes", () => {
    const r = runCli(["batch", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: zephyr batch [options] <template>");
    expect(r.stdout).toContain("--profiles audience.ndjson");
    expect(r.stdout).toContain("130 interrupted");
  });
});
