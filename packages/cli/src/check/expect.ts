/**
 * Compares what a case rendered with what it expects. Every stated expectation is compared; on top of them,
 * three implicit checks keep a case without expectations meaningful (a smoke test):
 *   - a template error fails the case unless it states `error`;
 *   - a cancelled render fails the case unless it states `cancelled`;
 *   - an error-severity diagnostic fails the case unless it states `diagnostics` or `ok`.
 */
import type { PayloadResult } from "@zephyr/attentive";
import type { Diagnostic, ZephyrError } from "@zephyr/zephyr";
import { errorDiagnostics, formatError } from "../report.js";
import type { Style } from "../style.js";
import type { CaseSpec, DiagnosticExpectation, ErrorExpectation, ExpectationKey } from "./case-file.js";
import { type DiffLine, diffLines } from "./diff.js";
import { alignKeys, jsonEqual } from "./json-text.js";

const pretty = (v: unknown) => JSON.stringify(v, null, 2) ?? "undefined";

export type Outcome =
  | { kind: "rendered"; result: PayloadResult }
  | { kind: "error"; error: ZephyrError; compile: boolean }
  | { kind: "crash"; message: string };

export interface Failure {
  /** The expectation that failed (for an implicit check: `error`, `cancelled` or `ok`). */
  key: ExpectationKey;
  /** One line. */
  message: string;
  /** Expected → actual, for payload and output mismatches. */
  diff?: DiffLine[];
  /** More lines (plain text): the diagnostics, the template error with its code frame. */
  details?: string;
  /** The values compared, for the json reporter (payload, output, diagnostics codes). */
  expected?: unknown;
  actual?: unknown;
}

const PLAIN: Style = {
  red: (s) => s,
  yellow: (s) => s,
  cyan: (s) => s,
  green: (s) => s,
  dim: (s) => s,
  bold: (s) => s,
  inverse: (s) => s,
};

/** The diagnostics `diagnostics` is compared with: warnings and errors (info is never compared). */
export function comparedDiagnostics(outcome: Outcome): Diagnostic[] {
  if (outcome.kind === "rendered") return outcome.result.diagnostics.filter((d) => d.severity !== "info");
  if (outcome.kind === "error") return errorDiagnostics(outcome.error);
  return [];
}

export function evaluate(spec: CaseSpec, outcome: Outcome): Failure[] {
  const failures: Failure[] = [];
  const e = spec.expect;
  const has = (k: ExpectationKey) => spec.stated.has(k);
  if (outcome.kind === "crash") {
    failures.push({ key: "error", message: `internal error (a bug in zephyr; please report it): ${outcome.message}` });
    return failures;
  }

  if (outcome.kind === "error") {
    const err = outcome.error;
    const what = outcome.compile ? "the template does not compile" : "the render failed";
    if (!has("error"))
      failures.push({
        key: "error",
        message: `${what}: ${err.code}: ${err.message}`,
        details: formatError(err, PLAIN),
      });
    else {
      const mismatch = errorMismatch(e.error!, err);
      if (mismatch) failures.push({ key: "error", message: mismatch, details: formatError(err, PLAIN) });
    }
    const because = `but ${what} (${err.code})`;
    if (has("payload")) failures.push({ key: "payload", message: `expected a payload, ${because}` });
    if (has("output")) failures.push({ key: "output", message: `expected output, ${because}` });
    if (has("cancelled") && e.cancelled !== false)
      failures.push({ key: "cancelled", message: `expected the render to be cancelled, ${because}` });
    if (has("sms")) failures.push({ key: "sms", message: `expected SMS facts, ${because}` });
    if (has("ok") && e.ok !== false) failures.push({ key: "ok", message: `expected ok to be true, ${because}` });
    if (has("diagnostics")) {
      const f = diagnosticsFailure(e.diagnostics!, comparedDiagnostics(outcome));
      if (f) failures.push(f);
    }
    return failures;
  }

  const r = outcome.result;
  if (has("error"))
    failures.push({
      key: "error",
      message: `expected template error ${errorCode(e.error!)}, but the render ${r.cancelled ? "was cancelled" : "succeeded"}`,
    });

  if (r.cancelled) {
    const msg = JSON.stringify(r.cancelled.message);
    if (!has("cancelled"))
      failures.push({
        key: "cancelled",
        message: `the render was cancelled: ${msg} (state "cancelled" to expect it)`,
      });
    else if (e.cancelled === false) failures.push({ key: "cancelled", message: `the render was cancelled: ${msg}` });
    else if (typeof e.cancelled === "string" && e.cancelled !== r.cancelled.message)
      failures.push({
        key: "cancelled",
        message: `the cancel message differs: expected ${JSON.stringify(e.cancelled)}, got ${msg}`,
      });
  } else if (has("cancelled") && e.cancelled !== false) {
    const message = typeof e.cancelled === "string" ? ` with ${JSON.stringify(e.cancelled)}` : "";
    failures.push({ key: "cancelled", message: `expected the render to be cancelled${message}, but it was not` });
  }

  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (has("ok")) {
    if (e.ok !== r.ok)
      failures.push({
        key: "ok",
        message: `expected ok to be ${e.ok}, got ${r.ok}${r.cancelled ? " (the render was cancelled)" : ""}`,
        details: errors.length ? listDiagnostics(errors) : undefined,
      });
  } else if (!has("diagnostics") && errors.length) {
    failures.push({
      key: "ok",
      message: `the payload has errors: ${errors.map((d) => d.code).join(", ")} (state "diagnostics" or "ok": false to expect them)`,
      details: listDiagnostics(errors),
    });
  }

  if (has("payload")) {
    if (r.payload === undefined) {
      const syntax = r.diagnostics.find((d) => d.code === "AT_JSON_SYNTAX");
      const why = r.cancelled
        ? "the render was cancelled"
        : syntax
          ? `the output is not valid JSON: ${syntax.message}`
          : 'the endpoint is "none" (compare "output" instead)';
      failures.push({
        key: "payload",
        message: `expected a payload, but ${why}`,
        details: syntax ? r.output : undefined,
      });
    } else if (!jsonEqual(e.payload, r.payload)) {
      failures.push({
        key: "payload",
        message: "the payload differs",
        expected: e.payload,
        actual: r.payload,
        diff: diffLines(pretty(e.payload), pretty(alignKeys(r.payload, e.payload))),
      });
    }
  }

  if (has("output") && e.output !== r.output)
    failures.push({
      key: "output",
      message: "the output differs",
      expected: e.output,
      actual: r.output,
      diff: diffLines(e.output!, r.output),
    });

  if (has("diagnostics")) {
    const f = diagnosticsFailure(e.diagnostics!, comparedDiagnostics(outcome));
    if (f) failures.push(f);
  }

  if (has("sms")) {
    if (!r.sms)
      failures.push({
        key: "sms",
        message: `expected SMS facts, but there are none (${r.cancelled ? "the render was cancelled" : 'only a text-send payload with a string "body" has them'})`,
      });
    else {
      const actual = r.sms as unknown as Record<string, unknown>;
      const diffs = Object.entries(e.sms!)
        .filter(([k, v]) => !jsonEqual(v, actual[k]))
        .map(([k, v]) => `sms.${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(actual[k])}`);
      if (diffs.length) failures.push({ key: "sms", message: diffs.join("; ") });
    }
  }
  return failures;
}

export function errorCode(e: ErrorExpectation): string {
  return typeof e === "string" ? e : e.code;
}

function errorMismatch(expected: ErrorExpectation, err: ZephyrError): string | undefined {
  const exp = typeof expected === "string" ? { code: expected } : expected;
  if (exp.code !== err.code) return `expected template error ${exp.code}, got ${err.code}: ${err.message}`;
  if (exp.message !== undefined && !err.message.includes(exp.message))
    return `the error message does not contain ${JSON.stringify(exp.message)}: ${JSON.stringify(err.message)}`;
  if (exp.line !== undefined && err.span?.line !== exp.line)
    return `expected the error on line ${exp.line}, got ${err.span ? `line ${err.span.line}` : "no line"}`;
  return undefined;
}

interface Normalized {
  code: string;
  path?: string;
  line?: number;
}

const normalize = (d: DiagnosticExpectation): Normalized => (typeof d === "string" ? { code: d } : d);

/** Expected diagnostics match when each one pairs with a different actual one (same count, so nothing extra). */
function diagnosticsFailure(expected: DiagnosticExpectation[], actual: Diagnostic[]): Failure | undefined {
  const want = expected.map(normalize);
  const got: Normalized[] = actual.map((d) => ({ code: d.code, path: d.path, line: d.span?.line }));
  const matches = (w: Normalized, g: Normalized) =>
    w.code === g.code && (w.path === undefined || w.path === g.path) && (w.line === undefined || w.line === g.line);
  // Most specific first, so a bare code does not take the diagnostic a detailed entry needs.
  const order = want
    .map((w, i) => ({ w, i, weight: (w.path === undefined ? 0 : 1) + (w.line === undefined ? 0 : 1) }))
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  const used = new Set<number>();
  let ok = want.length === got.length;
  for (const { w } of order) {
    const k = got.findIndex((g, j) => !used.has(j) && matches(w, g));
    if (k < 0) ok = false;
    else used.add(k);
  }
  if (ok) return undefined;
  const show = (list: Normalized[]) =>
    `[${list
      .map(
        (d) => `${d.code}${d.path !== undefined ? ` ${d.path}` : ""}${d.line !== undefined ? ` line ${d.line}` : ""}`,
      )
      .sort()
      .join(", ")}]`;
  const detailed = want.some((w) => w.path !== undefined || w.line !== undefined);
  const shown = detailed ? got : got.map((g) => ({ code: g.code }));
  return {
    key: "diagnostics",
    message: `the diagnostics differ: expected ${show(want)}, got ${show(shown)}`,
    expected,
    actual: detailed ? got.map((g) => ({ ...g })) : got.map((g) => g.code),
    details: actual.length ? listDiagnostics(actual) : undefined,
  };
}

/** One line per diagnostic: `severity CODE /path (line N): message`. */
export function listDiagnostics(ds: readonly Diagnostic[]): string {
  return ds
    .map(
      (d) =>
        `${d.severity} ${d.code}${d.path ? ` ${d.path}` : ""}${d.span ? ` (line ${d.span.line}:${d.span.column})` : ""}: ${d.message}`,
    )
    .join("\n");
}
