/** The three reporters of `zephyr check`: text (people), json (scripts), junit (CI dashboards). All write to stdout. */
import type { Style } from "../style.js";
import { type DiffLine, diffLineText, diffText } from "./diff.js";
import type { Failure } from "./expect.js";
import type { CaseResult, FileResult } from "./run.js";

export type ReporterName = "text" | "json" | "junit";

export interface Summary {
  files: number;
  cases: number;
  passed: number;
  failed: number;
  skipped: number;
  updated: number;
  durationMs: number;
  exitCode: number;
}

export function summarize(files: readonly FileResult[], durationMs: number, exitCode: number): Summary {
  const all = files.flatMap((f) => f.cases);
  const count = (s: CaseResult["status"]) => all.filter((c) => c.status === s).length;
  return {
    files: files.length,
    cases: all.length,
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    updated: count("updated"),
    durationMs: Math.round(durationMs),
    exitCode,
  };
}

/** `12 passed, 1 failed` (+ skipped / updated when there are any). */
export function summaryLine(s: Summary): string {
  const parts = [`${s.passed} passed`, `${s.failed} failed`];
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.updated) parts.push(`${s.updated} updated`);
  return parts.join(", ");
}

// ---------------------------------------------------------------- text

export function textReport(files: readonly FileResult[], summary: Summary, style: Style): string {
  const out: string[] = [];
  for (const f of files) {
    const file = f.prepared.file;
    out.push(
      `${style.bold(file.path)} ${style.dim(`(${file.templateDisplay})`)}${f.written ? style.cyan(" rewritten") : ""}`,
    );
    for (const c of f.cases) {
      const where = style.dim(`${file.path}:${c.spec.line}`);
      if (c.status === "passed") out.push(`  ${style.green("✓")} ${c.spec.name}`);
      else if (c.status === "skipped")
        out.push(
          `  ${style.yellow("-")} ${c.spec.name} ${style.dim(`(skipped${c.spec.skip === true ? "" : `: ${c.spec.skip}`})`)}`,
        );
      else if (c.status === "updated")
        out.push(`  ${style.cyan("↻")} ${c.spec.name} ${style.dim(`(updated: ${c.changes?.join(", ")})`)}`);
      else {
        out.push(`  ${style.red("✗")} ${c.spec.name} ${where}`);
        for (const failure of c.failures) out.push(...failureLines(failure, style).map((l) => `      ${l}`));
      }
    }
    out.push("");
  }
  const failed = files.flatMap((f) => f.cases.filter((c) => c.status === "failed").map((c) => ({ f, c })));
  if (failed.length && files.reduce((n, f) => n + f.cases.length, 0) > 10) {
    out.push(style.bold("Failed:"));
    for (const { f, c } of failed)
      out.push(`  ${style.red("✗")} ${f.prepared.file.path}:${c.spec.line} ${c.spec.name}`);
    out.push("");
  }
  const line = summaryLine(summary);
  const colored = summary.failed ? style.red(line) : style.green(line);
  out.push(
    `${colored} ${style.dim(`(${summary.files} file${summary.files === 1 ? "" : "s"}, ${summary.durationMs} ms)`)}`,
  );
  return `${out.join("\n")}\n`;
}

function failureLines(f: Failure, style: Style): string[] {
  const lines = [style.red(f.message)];
  if (f.diff) {
    lines.push(style.red("- expected"), style.green("+ actual"));
    lines.push(...f.diff.map((l) => colorDiffLine(l, style)));
  }
  if (f.details) lines.push(...f.details.split("\n").map((l) => style.dim(l)));
  return lines;
}

function colorDiffLine(l: DiffLine, style: Style): string {
  const text = diffLineText(l);
  return l.op === "-" ? style.red(text) : l.op === "+" ? style.green(text) : style.dim(text);
}

/** Failure as plain text: message, diff, details (for the json and junit reporters). */
export function failureText(f: Failure): string {
  const parts = [f.message];
  if (f.diff) parts.push(diffText(f.diff));
  if (f.details) parts.push(f.details);
  return parts.join("\n");
}

// ---------------------------------------------------------------- json

export function jsonReport(files: readonly FileResult[], summary: Summary): string {
  const report = {
    files: files.map((f) => {
      const file = f.prepared.file;
      const count = (s: CaseResult["status"]) => f.cases.filter((c) => c.status === s).length;
      const entry: Record<string, unknown> = {
        file: file.path,
        template: file.templateDisplay,
        cases: f.cases.length,
        passed: count("passed"),
        failed: count("failed"),
        skipped: count("skipped"),
        updated: count("updated"),
      };
      const err = f.prepared.compileError;
      if (err)
        entry.compileError = {
          code: err.code,
          message: err.message,
          ...(err.span ? { line: err.span.line, column: err.span.column } : {}),
        };
      if (f.written) entry.rewritten = true;
      return entry;
    }),
    cases: summary.cases,
    results: files.flatMap((f) =>
      f.cases.map((c) => {
        const r: Record<string, unknown> = {
          file: f.prepared.file.path,
          name: c.spec.name,
          line: c.spec.line,
          status: c.status,
          durationMs: Math.round(c.durationMs * 100) / 100,
        };
        if (c.spec.skip) r.skip = c.spec.skip;
        if (c.failures.length)
          r.failures = c.failures.map((x) => {
            const o: Record<string, unknown> = { expectation: x.key, message: x.message };
            if (x.expected !== undefined) o.expected = x.expected;
            if (x.actual !== undefined) o.actual = x.actual;
            if (x.diff) o.diff = diffText(x.diff);
            if (x.details) o.details = x.details;
            return o;
          });
        if (c.changes) r.changes = c.changes;
        return r;
      }),
    ),
    summary,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

// ---------------------------------------------------------------- junit

/**
 * JUnit XML: `<testsuites>` > one `<testsuite>` per case file > one `<testcase>` per case, with a `<failure>` per
 * failed case (all its failures in the body) or `<skipped>`. Updated cases count as passed.
 */
export function junitReport(files: readonly FileResult[], summary: Summary): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="zephyr check" tests="${summary.cases}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${secs(summary.durationMs)}">`,
  );
  for (const f of files) {
    const file = f.prepared.file;
    const failed = f.cases.filter((c) => c.status === "failed").length;
    const skipped = f.cases.filter((c) => c.status === "skipped").length;
    out.push(
      `  <testsuite name=${attr(file.path)} tests="${f.cases.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${secs(f.durationMs)}" file=${attr(file.path)}>`,
    );
    for (const c of f.cases) {
      const open = `    <testcase name=${attr(c.spec.name)} classname=${attr(file.path)} file=${attr(file.path)} line="${c.spec.line}" time="${secs(c.durationMs)}"`;
      if (c.status === "skipped") {
        const message = c.spec.skip === true ? "" : ` message=${attr(String(c.spec.skip))}`;
        out.push(`${open}>`, `      <skipped${message}/>`, "    </testcase>");
      } else if (c.status === "failed") {
        const first = c.failures[0];
        const message = c.failures.map((x) => x.message).join("; ");
        out.push(
          `${open}>`,
          `      <failure message=${attr(message)} type=${attr(first?.key ?? "failure")}>${text(c.failures.map(failureText).join("\n\n"))}</failure>`,
          "    </testcase>",
        );
      } else if (c.status === "updated") {
        out.push(
          `${open}>`,
          `      <system-out>${text(`updated: ${c.changes?.join(", ")}`)}</system-out>`,
          "    </testcase>",
        );
      } else out.push(`${open}/>`);
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

/** Characters XML 1.0 does not allow at all (controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element text: `&`, `<`, `>` escaped; characters XML cannot hold become U+FFFD. */
export function text(s: string): string {
  return s.replace(INVALID_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A quoted attribute value: also `"`, `'` and white space that attribute normalisation would otherwise eat. */
export function attr(s: string): string {
  return `"${text(s).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;")}"`;
}
