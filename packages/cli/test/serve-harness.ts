/** Starts `zephyr serve` (the built CLI) on a free port for the serve tests, and stops it. */
import type { ChildProcess } from "node:child_process";
import { spawnCli } from "./run-cli.js";

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

export function startServer(args: string[] = [], options: { cwd?: string } = {}): Promise<RunningServer> {
  const child = spawnCli(["serve", "--port", "0", ...args], options);
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (b) => {
    stderr += b;
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`zephyr serve printed no URL within 10 s; stderr: ${stderr}`));
    }, 10_000);
    child.stdout.on("data", (b) => {
      stdout += b;
      const m = /^(http:\/\/\S+)\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, stderr: () => stderr, stop });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`zephyr serve exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
}

/** Runs `zephyr serve <args>` expecting it to fail at start; resolves to its exit code and standard error. */
export function failedStart(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawnCli(["serve", ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b) => {
    stdout += b;
  });
  child.stderr.on("data", (b) => {
    stderr += b;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}
