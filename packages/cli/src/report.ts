import { codeFrame, type Diagnostic, LineIndex, type ZephyrError } from "@zephyr/zephyr/internal";
import type { Style } from "./style.js";

/** `file:line:col: error CODE /path: message`, the code frame and the hint, for humans. */
export function formatDiagnostic(
  d: Diagnostic,
  source: string | undefined,
  file: string | undefined,
  style: Style,
  index?: LineIndex,
): string {
  const where = `${d.file ?? file ?? "<template>"}${d.span ? `:${d.span.line}:${d.span.column}` : ""}`;
  const color = d.severity === "error" ? style.red : d.severity === "warning" ? style.yellow : style.cyan;
  const lines = [
    `${style.bold(where)}: ${color(d.severity)} ${style.dim(d.code)}${d.path ? ` ${d.path}` : ""}: ${d.message}`,
  ];
  if (d.span && source !== undefined && (d.file === undefined || d.file === file))
    lines.push(style.dim(codeFrame(source, d.span, index)));
  if (d.hint) lines.push(`${style.cyan("hint")}: ${d.hint}`);
  return lines.join("\n");
}

export function formatDiagnostics(
  ds: readonly Diagnostic[],
  source: string | undefined,
  file: string | undefined,
  style: Style,
): string {
  const index = source === undefined ? undefined : new LineIndex(source);
  return ds.map((d) => formatDiagnostic(d, source, file, style, index)).join("\n\n");
}

/** A template error (and the further errors found with it) as diagnostics. */
export function errorDiagnostics(e: ZephyrError): Diagnostic[] {
  return (e.related.length ? e.related : [e]).map((x) => {
    const d = x.toDiagnostic();
    d.file ??= e.filename;
    return d;
  });
}

/** Prints a template error the way the CLI does: every error found, with frames. */
export function formatError(e: ZephyrError, style: Style): string {
  return formatDiagnostics(errorDiagnostics(e), e.source, e.filename, style);
}
