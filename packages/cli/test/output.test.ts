/**
 * Standard output that cannot be written (issue 13 item 6): every command ends with one line on standard error and
 * exit 74 (output not written), never a Node stack trace and exit 1 ("payload invalid"). A reader that closes the pipe
 * early (EPIPE) stays quiet: see the help test in cli.test.ts and batch-stop.test.ts.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { onStdoutError } from "../src/output.js";
import { BIN, ROOT } from "./run-cli.js";

const SEED = "fixtures/seed/profile-data.zephyr";
const ANN = "fixtures/profiles/ann.json";

/** Runs the built CLI with standard output on /dev/full (every write fails with ENOSPC). */
function toDevFull(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = openSync("/dev/full", "w");
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", full, "pipe"],
  });
  closeSync(full);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}

describe.skipIf(!existsSync("/dev/full"))("standard output on a full disk (/dev/full)", () => {
  const commands: [string, string[]][] = [
    ["render", ["render", SEED, "--profile", ANN]],
    ["render --format json", ["render", SEED, "--profile", ANN, "--format", "json"]],
    ["preview", ["preview", SEED, "--profile", ANN]],
    ["validate", ["validate", "fixtures/payloads/braces-in-body.json"]],
    ["lint", ["lint", SEED]],
    ["fmt", ["fmt", SEED]],
    ["check", ["check", "fixtures/seed"]],
    ["--help", ["render", "--help"]],
    ["serve (its address)", ["serve", "--port", "0", "--templates", "fixtures/seed"]],
    ["batch", ["batch", SEED, "--profiles", "fixtures/profiles/audience.ndjson"]],
  ];
  it.each(commands)("%s: one line, exit 74", async (_name, args) => {
    const r = await toDevFull(args);
    expect(r.code).toBe(74);
    expect(r.stderr).toContain("zephyr: cannot write standard output: no space left on the device (ENOSPC)\n");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("the standard output guard", () => {
  it("EPIPE exits quietly with the exit code so far; any other error says so and exits 74", () => {
    const exits: number[] = [];
    const lines: string[] = [];
    onStdoutError(
      Object.assign(new Error("write EPIPE"), { code: "EPIPE" }),
      (c) => exits.push(c),
      (l) => lines.push(l),
    );
    onStdoutError(
      Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" }),
      (c) => exits.push(c),
      (l) => lines.push(l),
    );
    expect(exits).toEqual([0, 74]);
    expect(lines).toEqual(["zephyr: cannot write standard output: i/o error, write\n"]);
  });
});
