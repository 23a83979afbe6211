/**
 * `zephyr check --update`: rewrites each case's expectations with what it renders now. Inputs, names, `skip` and
 * the order of keys are kept; the file is written as 2-space JSON (see json-text.ts) and only when something changed.
 *
 * Per case, after a render that
 *   - failed with a template error: `error` is set to its code (an object form keeps its `message` if it still
 *     matches); `payload`, `output`, `cancelled` and `sms` are removed; `diagnostics` and `ok` are updated if stated.
 *   - was cancelled: `cancelled` is set to the message (`true` stays `true`); `payload`, `error` and `sms` are removed;
 *     `output`, `diagnostics` and `ok` are updated if stated.
 *   - succeeded: `payload` (or `output` with endpoint `none` or output that is not JSON) is set; `error` and
 *     `cancelled: true|"…"` are removed; `diagnostics` is set when there are any or it was stated; `output`, `sms`
 *     and `ok` are updated if stated.
 */
import { writeFileSync } from "node:fs";
import type { DiagnosticExpectation, ExpectationKey } from "./case-file.js";
import { comparedDiagnostics, type Outcome } from "./expect.js";
import { jsonEqual, setOwn, stringifyJson } from "./json-text.js";
import type { CaseResult, FileResult } from "./run.js";

/** Rewrites the file's expectations in place (in `doc`) and on disk; marks changed cases as `updated`. */
export function updateFile(result: FileResult): void {
  const file = result.prepared.file;
  const list = file.doc.cases as Record<string, unknown>[];
  let changed = false;
  for (const c of result.cases) {
    if (!c.outcome || c.outcome.kind === "crash") continue;
    const before = list[c.spec.index];
    const after = updatedCase(before, c.outcome);
    const changes = describeChanges(before, after);
    if (!changes.length) continue;
    list[c.spec.index] = after;
    c.changes = changes;
    c.status = "updated";
    c.failures = [];
    changed = true;
  }
  if (changed) {
    const original = { text: file.text, value: JSON.parse(file.text), locations: file.locations };
    writeFileSync(file.absPath, `${stringifyJson(file.doc, original)}\n`);
    result.written = true;
  }
}

function updatedCase(before: Record<string, unknown>, outcome: Outcome): Record<string, unknown> {
  const c = copy(before);
  const has = (k: ExpectationKey) => Object.hasOwn(c, k);
  const set = (k: ExpectationKey, v: unknown) => setOwn(c, k, v);
  const drop = (...keys: ExpectationKey[]) => {
    for (const k of keys) delete c[k];
  };
  const diagnostics = () => diagnosticsExpectation(c.diagnostics, outcome);

  if (outcome.kind === "error") {
    const err = outcome.error;
    const old = c.error;
    if (old && typeof old === "object" && (old as { code?: unknown }).code === err.code) {
      const o = copy(old as Record<string, unknown>);
      if (typeof o.message === "string" && !err.message.includes(o.message)) delete o.message;
      if (typeof o.line === "number") {
        if (err.span) o.line = err.span.line;
        else delete o.line;
      }
      set("error", o);
    } else set("error", err.code);
    drop("payload", "output", "cancelled", "sms");
    if (has("diagnostics")) set("diagnostics", diagnostics());
    if (has("ok")) set("ok", false);
    return c;
  }
  if (outcome.kind !== "rendered") return c;
  const r = outcome.result;
  drop("error");
  if (r.cancelled) {
    set("cancelled", c.cancelled === true || r.cancelled.message === "" ? true : r.cancelled.message);
    drop("payload", "sms");
    if (has("output")) set("output", r.output);
    if (has("diagnostics")) set("diagnostics", diagnostics());
    if (has("ok")) set("ok", r.ok);
    return c;
  }
  if (c.cancelled !== false) drop("cancelled");
  if (r.payload !== undefined) {
    set("payload", r.payload);
    if (has("output")) set("output", r.output);
  } else {
    drop("payload");
    set("output", r.output);
  }
  const ds = diagnostics();
  if (has("diagnostics") || ds.length) set("diagnostics", ds);
  if (has("sms")) {
    if (!r.sms) drop("sms");
    else {
      const keys = Object.keys(c.sms as Record<string, unknown>);
      const facts = r.sms as unknown as Record<string, unknown>;
      const sms: Record<string, unknown> = {};
      for (const k of keys.length ? keys : ["encoding", "segments"]) setOwn(sms, k, facts[k]);
      set("sms", sms);
    }
  }
  if (has("ok")) set("ok", r.ok);
  return c;
}

/** The current diagnostics in the form the case used: codes, or `{ code, path?, line? }` when it listed objects. */
function diagnosticsExpectation(old: unknown, outcome: Outcome): DiagnosticExpectation[] {
  const actual = comparedDiagnostics(outcome);
  const objects = Array.isArray(old) && old.some((d) => typeof d === "object");
  const withLine = objects && (old as unknown[]).some((d) => typeof d === "object" && d !== null && "line" in d);
  if (!objects) return actual.map((d) => d.code).sort();
  return actual.map((d) => {
    const o: { code: string; path?: string; line?: number } = { code: d.code };
    if (d.path !== undefined) o.path = d.path;
    if (withLine && d.span) o.line = d.span.line;
    return o;
  });
}

function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: string[] = [];
  for (const k of keys) {
    const b = Object.hasOwn(before, k);
    const a = Object.hasOwn(after, k);
    if (b && !a) out.push(`${k} (removed)`);
    else if (!b && a) out.push(`${k} (added)`);
    else if (!jsonEqual(before[k], after[k])) out.push(k);
  }
  return out;
}

function copy(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) setOwn(out, k, v);
  return out;
}

/** A one-line summary of an updated case, for the reporters. */
export function changeSummary(c: CaseResult): string {
  return c.changes?.length ? `updated ${c.changes.join(", ")}` : "";
}
