/**
 * Secrets (issue 8 §5): the ATTENTIVE_API_KEY in the environment never appears in stdout or stderr — not in output,
 * logs, errors, crash reports or `--format curl` — except `render --format curl --show-secrets`, which is there to
 * print it. Every command runs with a distinctive key, on success and on failure: in-process (`main`, on the sources,
 * with the key in process.env) and, for the runs where the process matters (the environment handed to a child, a
 * crash report, standard input, a hang), the built CLI (`tsc -b` first).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess as cli } from "./in-process.js";
import { type CliOptions, type CliRun, runCliAsync } from "./run-cli.js";

const SECRET = `sk_live_${randomUUID().replace(/-/g, "")}`;
/** Pieces of the key that must not appear either (a truncated or split key is still a leak). */
const FRAGMENTS = [SECRET, SECRET.slice(8, 24), SECRET.slice(-16)];
const env = { ATTENTIVE_API_KEY: SECRET };

/** The built CLI in a process of its own, always with the key in its environment. */
const run = (args: string[], options: CliOptions = {}) =>
  runCliAsync(args, { ...options, env: { ...env, ...options.env } });

const SEED = "fixtures/seed/profile-data.zephyr";
const NO_PHONE = "fixtures/profiles/the-hammer-no-phone.json";
const ANN = "fixtures/profiles/ann.json";
const tmp = mkdtempSync(join(tmpdir(), "zephyr-secrets-"));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

function expectNoSecret(r: CliRun, what: string): void {
  for (const fragment of FRAGMENTS) {
    expect(r.stdout.includes(fragment), `${what}: stdout holds the key`).toBe(false);
    expect(r.stderr.includes(fragment), `${what}: stderr holds the key`).toBe(false);
  }
}

// A feed server that never answers, and one that answers 500.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/error") {
      res.writeHead(500);
      res.end(`error: ${String(req.headers.authorization)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const badTemplate = file("bad.zephyr", "Hi {first_name\n{if x}");
const badProfile = file("bad.json", '{"vars": {"first_name": "Ann",}}');
const invalidPayload = file("invalid.json", '{"to": "12", "body": "x"}');
const probe = file(
  "probe.zephyr",
  "[{ATTENTIVE_API_KEY}][{profile.ATTENTIVE_API_KEY}][{env.ATTENTIVE_API_KEY}][{process.env.ATTENTIVE_API_KEY}]",
);
const crash = file("crash.zephyr", `{${"!".repeat(10_000)}1}`); // an internal error today (bug B2): a stack trace

/** Every command that exists, on success and on failure, run in-process with the key in the environment. */
const COMMANDS: [string, string[]][] = [
  ["render (payload)", ["render", SEED, "--profile", ANN]],
  ["render --format json", ["render", SEED, "--profile", ANN, "--format", "json"]],
  ["render --format json --show-secrets", ["render", SEED, "--profile", ANN, "--format", "json", "--show-secrets"]],
  ["render --show-secrets (payload)", ["render", SEED, "--profile", ANN, "--show-secrets"]],
  ["render --format curl", ["render", SEED, "--profile", ANN, "--format", "curl"]],
  [
    "render --format curl, subscriptions",
    ["render", SEED, "--profile", ANN, "--format", "curl", "--endpoint", "subscriptions"],
  ],
  ["render --endpoint none", ["render", SEED, "--profile", ANN, "--endpoint", "none"]],
  ["a template reading the environment", ["render", probe, "--endpoint", "none"]],
  ["render a bad template", ["render", badTemplate, "--format", "curl"]],
  ["render a bad template, json", ["render", badTemplate, "--format", "json"]],
  ["render a bad profile", ["render", SEED, "--profile", badProfile, "--format", "curl"]],
  ["render an invalid payload", ["render", SEED, "--profile", NO_PHONE, "--format", "curl"]],
  ["render with a failing feed", ["render", SEED, "--feed", "FEED/error", "--format", "curl"]],
  ["preview", ["preview", SEED, "--profile", ANN, "--brand", "Acme"]],
  ["preview, invalid", ["preview", SEED, "--profile", NO_PHONE]],
  ["validate", ["validate", "fixtures/payloads/valid-text-send.json"]],
  ["validate --format json, invalid", ["validate", invalidPayload, "--format", "json"]],
  ["lint", ["lint", SEED, "fixtures/seed/content-recommendations.zephyr", badTemplate]],
  ["fmt", ["fmt", SEED]],
  ["fmt --check, a bad template", ["fmt", "--check", SEED, badTemplate]],
  ["an unknown option", ["render", SEED, "--api-key"]],
  ["--version", ["--version"]],
  ...["", "render", "preview", "validate", "lint", "fmt", "check", "batch", "serve"].map((cmd): [string, string[]] => [
    `${cmd || "zephyr"} --help`,
    cmd ? [cmd, "--help"] : ["--help"],
  ]),
];

/** Runs of the built CLI, started together once the feed server listens. */
const spawned: Record<"redacted" | "shown" | "crash" | "stdin" | "hanging", Promise<CliRun>> = {} as never;
beforeAll(() => {
  const curl = ["render", SEED, "--profile", ANN, "--format", "curl"];
  spawned.redacted = run(curl);
  spawned.shown = run([...curl, "--show-secrets"]);
  spawned.crash = run(["render", crash, "--format", "curl"]);
  spawned.stdin = run(["render", "-", "--format", "curl"], { input: '{\n"to": "+12025550143", "body": "Hi {x}"}' });
  spawned.hanging = run(["render", SEED, "--feed", `${base}/hang`, "--provider-timeout", "300", "--format", "curl"], {
    timeoutMs: 10_000,
  });
});

describe("ATTENTIVE_API_KEY never appears in what the CLI prints", () => {
  it.each(COMMANDS)("%s", async (what, args) => {
    const r = await cli(
      args.map((a) => a.replace(/^FEED/, base)),
      env,
    );
    expectNoSecret(r, what);
  });

  it("render --format curl redacts the bearer token unless --show-secrets, which prints it (the control)", async () => {
    const [redacted, shown] = await Promise.all([spawned.redacted, spawned.shown]);
    expect(redacted.code).toBe(0);
    expect(redacted.stdout).toContain("Authorization: Bearer <redacted: ATTENTIVE_API_KEY, use --show-secrets>");
    expectNoSecret(redacted, "curl");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Authorization: Bearer ${SECRET}`);
    expect(shown.stderr).not.toContain(SECRET);
  });

  it("nor in a crash report (internal error, exit 70 today: bug B2)", async () => {
    const r = await spawned.crash;
    expect(r.code).not.toBeNull();
    expectNoSecret(r, "crash");
  });

  it("nor when the template comes from standard input", async () => {
    const r = await spawned.stdin;
    expect(r.code).not.toBeNull();
    expectNoSecret(r, "stdin");
  });

  it("nor when the feed never answers", async () => {
    const r = await spawned.hanging;
    expect(r.code, "killed after 10 s").not.toBeNull();
    expectNoSecret(r, "hanging feed");
  });
});
