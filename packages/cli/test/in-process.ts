/** Runs the CLI's main() inside the test process, capturing what it prints (no node start-up per run). */
import { main } from "../src/program.js";
import type { CliRun } from "./run-cli.js";

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI in this process: the `main` that bin.ts calls, on the sources. Starting node for each run costs ~0.5 s
 * (module loading), so the checks that do not need a separate process use this; the others spawn the built CLI.
 * Output is captured by swapping process.stdout/stderr.write; an exception that main() lets out is reported as bin.ts
 * reports it (exit 70). Runs one at a time (they share the process's streams, environment and exit code).
 */
export function runInProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const next = queue.then(async () => {
    let stdout = "";
    let stderr = "";
    const text = (chunk: string | Uint8Array) =>
      typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const vars = { NO_COLOR: "1", ...env };
    const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
    Object.assign(process.env, vars);
    process.stdout.write = ((chunk: string | Uint8Array) =>
      (stdout += text(chunk)) !== undefined) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) =>
      (stderr += text(chunk)) !== undefined) as typeof process.stderr.write;
    process.exitCode = undefined;
    try {
      const code = await main(["node", "zephyr", ...args]);
      return { code, stdout, stderr };
    } catch (e) {
      return {
        code: 70,
        stdout,
        stderr: `${stderr}zephyr: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      };
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      process.exitCode = undefined;
    }
  });
  queue = next.catch(() => undefined);
  return next;
}
