/** Spawns the built CLI (the bundle; the test command builds it first) and collects what it prints. */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The bundled CLI, as users run it (`pnpm build` makes it). */
export const BIN = fileURLToPath(new URL("../dist/bundle/zephyr.js", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

function environment(extra: CliOptions["env"]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** Runs `zephyr <args>` synchronously from the repository root. */
export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? "",
    encoding: "utf8",
    env: environment(options.env),
    timeout: options.timeoutMs ?? 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `zephyr <args>` asynchronously (for tests that serve HTTP or signal the process). */
export function spawnCli(args: string[], options: CliOptions = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: environment(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Runs `zephyr <args>` without blocking (so the runs of a suite overlap); a run past `timeoutMs` is killed (code null). */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? "");
  });
}
