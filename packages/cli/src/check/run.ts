/** Runs the cases of prepared case files, one after the other, and judges each one. */
import { performance } from "node:perf_hooks";
import { ZephyrError } from "@zephyr/zephyr";
import { renderOnce } from "../commands/render.js";
import type { CaseSpec } from "./case-file.js";
import { evaluate, type Failure, type Outcome } from "./expect.js";
import type { PreparedCase, PreparedFile } from "./prepare.js";

export type CaseStatus = "passed" | "failed" | "skipped" | "updated";

export interface CaseResult {
  spec: CaseSpec;
  status: CaseStatus;
  failures: Failure[];
  durationMs: number;
  /** Undefined for a skipped case. */
  outcome?: Outcome;
  /** With --update: what was rewritten (`payload`, `diagnostics (added)`, ...). */
  changes?: string[];
}

export interface FileResult {
  prepared: PreparedFile;
  cases: CaseResult[];
  durationMs: number;
  /** With --update: the file was rewritten. */
  written?: boolean;
}

export async function runFile(prepared: PreparedFile): Promise<FileResult> {
  const start = performance.now();
  const cases: CaseResult[] = [];
  for (const c of prepared.cases) cases.push(await runCase(prepared, c));
  return { prepared, cases, durationMs: performance.now() - start };
}

async function runCase(prepared: PreparedFile, c: PreparedCase): Promise<CaseResult> {
  const start = performance.now();
  if (c.spec.skip) return { spec: c.spec, status: "skipped", failures: [], durationMs: 0 };
  const outcome = await render(prepared, c);
  const failures = evaluate(c.spec, outcome);
  return {
    spec: c.spec,
    status: failures.length ? "failed" : "passed",
    failures,
    durationMs: performance.now() - start,
    outcome,
  };
}

async function render(prepared: PreparedFile, c: PreparedCase): Promise<Outcome> {
  if (prepared.compileError) return { kind: "error", error: prepared.compileError, compile: true };
  if (!c.setup) return { kind: "crash", message: "the case has no render setup" };
  try {
    return { kind: "rendered", result: await renderOnce(c.setup, c.setup.profile, { brand: c.brand }) };
  } catch (e) {
    if (e instanceof ZephyrError) return { kind: "error", error: e, compile: false };
    return { kind: "crash", message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
