import { createHash } from "node:crypto";
/** `zephyr batch` stopping early: Ctrl-C, a reader that goes away, kill -9 and --resume (against the built CLI). */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  NOW,
  ndjsonLines,
  profileLines,
  SEED,
  tempDir,
  writeAssertTemplate,
  writeProfiles,
  writeTextTemplate,
} from "./batch-helpers.js";
import { runCli, spawnCli } from "./run-cli.js";

const dir = tempDir();
/** Enough profiles that a text-send run takes seconds: it is still running when the test stops it. */
const big = writeProfiles(dir, 60_000, "big.ndjson");
const noStackTrace = /\n\s+at /;

function collect(child: ReturnType<typeof spawnCli>) {
  const result = { stdout: "", stderr: "", code: new Promise<number | null>((res) => child.on("close", res)) };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    result.stdout += d;
  });
  child.stderr.on("data", (d: string) => {
    result.stderr += d;
  });
  return result;
}

describe("zephyr batch: stopping", () => {
  it("Ctrl-C (SIGINT) after the first output: exit 130, only whole lines, each a valid payload, and the summary", async () => {
    const child = spawnCli(["batch", SEED, "--profiles", big, "--now", NOW]);
    const run = collect(child);
    child.stdout.once("data", () => child.kill("SIGINT"));
    expect(await run.code).toBe(130);
    expect(run.stdout.endsWith("\n")).toBe(true);
    const lines = ndjsonLines(run.stdout);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(55_000);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ subscriptionType: "MARKETING" });
    expect(run.stderr).toMatch(/zephyr batch: [\d,]+ read · [\d,]+ written/);
    expect(run.stderr).toContain("interrupted after line");
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  it("standard output closed by its reader (EPIPE): a clear message, exit 74, no stack trace", async () => {
    const child = spawnCli(["batch", SEED, "--profiles", big, "--now", NOW]);
    const run = collect(child);
    child.stdout.once("data", () => child.stdout.destroy());
    expect(await run.code).toBe(74);
    expect(run.stderr).toContain("zephyr: cannot write standard output: the reader closed it (EPIPE)");
    expect(run.stderr).not.toMatch(noStackTrace);
  });
});

describe("zephyr batch: --resume", () => {
  it("after kill -9 mid-run, --resume gives exactly the output of an uninterrupted run", async () => {
    const template = writeTextTemplate(dir);
    const lines = profileLines(20_000);
    const input = `${lines.join("\n")}\n`;
    const args = (out: string) => [
      "batch",
      template,
      "--profiles",
      "-",
      "--endpoint",
      "none",
      "--strict",
      "--out",
      out,
      "--rejects",
      `${out}.rejects`,
    ];
    const whole = join(dir, "whole.ndjson");
    const reference = runCli(args(whole), { input });
    expect(reference.code).toBe(1);

    // Feed the profiles slowly and kill -9 once the resume record says some lines are done.
    const out = join(dir, "killed.ndjson");
    const child = spawnCli(args(out));
    const exited = new Promise((res) => child.on("close", res));
    child.stdin.on("error", () => {});
    const linesDone = () =>
      existsSync(`${out}.progress`) ? JSON.parse(readFileSync(`${out}.progress`, "utf8")).lines : -1;
    // The run writes its record (0 lines) before it reads a line.
    for (let t = 0; linesDone() < 0 && t < 1000; t++) await sleep(10);
    let done = 0;
    for (let i = 0; i < 10_000 && done === 0; i += 500) {
      child.stdin.write(`${lines.slice(i, i + 500).join("\n")}\n`);
      await sleep(30);
      done = linesDone();
    }
    for (let t = 0; done === 0 && t < 400; t++) {
      await sleep(10);
      done = linesDone();
    }
    child.kill("SIGKILL");
    await exited;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(lines.length);

    const resumed = runCli([...args(out), "--resume", "--workers", "2"], { input });
    // It went on from the record: the lines done before were not rendered again.
    const [, after, fresh] = /resumed after line ([\d,]+): ([\d,]+) records in this run/.exec(resumed.stderr)!;
    expect(Number(after.replace(/,/g, ""))).toBeGreaterThanOrEqual(done);
    expect(Number(fresh.replace(/,/g, ""))).toBeLessThan(lines.length - done);
    expect(resumed.code).toBe(1);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(whole, "utf8"));
    expect(readFileSync(`${out}.rejects`, "utf8")).toBe(readFileSync(`${whole}.rejects`, "utf8"));
  });

  it("cuts a half-written last line, skips the lines done, continues; a second --resume changes nothing; options must match", () => {
    const template = writeAssertTemplate(dir);
    const all = profileLines(1500);
    const growing = join(dir, "growing.ndjson");
    writeFileSync(growing, `${all.slice(0, 700).join("\n")}\n`);
    const out = join(dir, "resumed.ndjson");
    const args = (profiles: string, o: string) => [
      "batch",
      template,
      "--profiles",
      profiles,
      "--out",
      o,
      "--rejects",
      `${o}.rejects`,
      "--now",
      NOW,
    ];
    expect(runCli(args(growing, out)).code).toBe(1);
    // As if the previous run had been killed while writing a line of each file.
    appendFileSync(out, '{"to":"+1202555');
    appendFileSync(`${out}.rejects`, '{"line":70');
    appendFileSync(growing, `${all.slice(700).join("\n")}\n`);

    const resumed = runCli([...args(growing, out), "--resume"]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain("resumed after line 700");
    const whole = join(dir, "uninterrupted.ndjson");
    runCli(args(growing, whole));
    expect(readFileSync(out, "utf8")).toBe(readFileSync(whole, "utf8"));
    expect(readFileSync(`${out}.rejects`, "utf8")).toBe(readFileSync(`${whole}.rejects`, "utf8"));

    const again = runCli([...args(growing, out), "--resume"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("resumed after line 1,500: 0 records in this run");
    expect(readFileSync(out, "utf8")).toBe(readFileSync(whole, "utf8"));

    const other = runCli([...args(growing, out), "--resume", "--endpoint", "subscriptions"]);
    expect(other.code).toBe(64);
    expect(other.stderr).toContain(
      'cannot resume: --endpoint was "text-send" in the run being resumed and is "subscriptions" now',
    );
    expect(readFileSync(out, "utf8")).toBe(readFileSync(whole, "utf8"));
  });

  // Issue 13 item 7: a line inserted at the top between the kill and the resume shifted every record (one written
  // twice, another never; for SMS, a double send).
  it("refuses (exit 64) to resume when the lines already done changed: a line inserted at the top, or one edited", () => {
    const template = writeAssertTemplate(dir);
    const all = profileLines(300);
    const input = join(dir, "changing.ndjson");
    writeFileSync(input, `${all.slice(0, 200).join("\n")}\n`);
    const out = join(dir, "changing-out.ndjson");
    const args = ["batch", template, "--profiles", input, "--out", out, "--rejects", `${out}.rejects`, "--now", NOW];
    expect(runCli(args).code).toBe(1);
    const record = JSON.parse(readFileSync(`${out}.progress`, "utf8"));
    const done = readFileSync(input);
    expect(record).toMatchObject({
      version: 2,
      lines: 200,
      inputBytes: done.length,
      inputSha256: createHash("sha256").update(done).digest("hex"),
    });
    const before = readFileSync(out, "utf8");

    writeFileSync(input, `${[all[299], ...all.slice(0, 299)].join("\n")}\n`);
    const inserted = runCli([...args, "--resume"]);
    expect(inserted.code).toBe(64);
    expect(inserted.stderr).toContain(
      "zephyr: cannot resume: the input changed since the run being resumed: its first 200 lines are not the ones that run processed",
    );
    expect(readFileSync(out, "utf8")).toBe(before);

    // Same length, one character changed on line 5.
    const edited = [...all];
    edited[4] = edited[4].replace(/"first_name":"./, '"first_name":"X');
    expect(edited[4]).not.toBe(all[4]);
    writeFileSync(input, `${edited.join("\n")}\n`);
    const changed = runCli([...args, "--resume"]);
    expect(changed.code).toBe(64);
    expect(changed.stderr).toContain("(their bytes differ (SHA-256))");
    expect(readFileSync(out, "utf8")).toBe(before);

    // The same 200 lines with more after them: the resume goes on.
    writeFileSync(input, `${all.join("\n")}\n`);
    const resumed = runCli([...args, "--resume"]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain("resumed after line 200: 99 records in this run");
  });

  it("refuses to resume an output without a resume record, and leaves it alone", () => {
    const profiles = writeProfiles(dir, 50, "small.ndjson");
    const foreign = join(dir, "foreign.ndjson");
    writeFileSync(foreign, '{"to":"+12025550143"}\n');
    const unknown = runCli(["batch", SEED, "--profiles", profiles, "--out", foreign, "--resume"]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain(`cannot resume: ${foreign}.progress is missing`);
    expect(readFileSync(foreign, "utf8")).toBe('{"to":"+12025550143"}\n');
  });

  it("checks itself at the end: a file that does not hold exactly what was written fails the run (exit 1)", async () => {
    const template = writeTextTemplate(dir);
    const out = join(dir, "tampered.ndjson");
    const child = spawnCli(["batch", template, "--profiles", "-", "--endpoint", "none", "--out", out]);
    const run = collect(child);
    for (let t = 0; !existsSync(`${out}.progress`) && t < 1000; t++) await sleep(10);
    child.stdin.write('{"id": 1, "vars": {"first_name": "Ann"}}\n');
    for (let t = 0; readFileSync(out, "utf8") === "" && t < 1000; t++) await sleep(10);
    appendFileSync(out, '"written by someone else"\n');
    child.stdin.end('{"id": 2, "vars": {"first_name": "Leo"}}\n');
    expect(await run.code).toBe(1);
    expect(run.stderr).toMatch(
      /zephyr: data check failed: .*tampered\.ndjson holds \d+ bytes, but \d+ were written to it/,
    );
  });
});
