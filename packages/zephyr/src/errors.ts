import type { ZephyrErrorCode } from "./codes.js";
import { LineIndex, type Span } from "./span.js";

export type Severity = "error" | "warning" | "info";

/**
 * A did-you-mean suggestion as data, so an editor can apply it (a code action): replace the template text at `span`
 * (offsets into the template; zero-width to insert) with `replacement`.
 */
export interface Fix {
  /** What applying it does, e.g. "write {else if …}". */
  title: string;
  span: Span;
  replacement: string;
}

/** One problem found in a template, a render or a payload. The JSON shape is part of the CLI contract (design.md §5). */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `ZS001` or `AT_TO_E164`. */
  code: string;
  message: string;
  /** JSON pointer into the payload, for payload diagnostics. */
  path?: string;
  /** Where in the template the problem comes from. */
  span?: Span;
  /** The template file, when known. */
  file?: string;
  /** A suggestion that reads well on its own line. */
  hint?: string;
  /** The suggestion as an edit of the template, when there is one precise change to propose. */
  fix?: Fix;
}

export interface ZephyrErrorInit {
  code: ZephyrErrorCode;
  message: string;
  span?: Span;
  filename?: string;
  source?: string;
  hint?: string;
  fix?: Fix;
  cause?: unknown;
  /** Further errors found in the same pass (the first one is this error itself). */
  related?: ZephyrError[];
}

/**
 * The one error class of the engine: a code, a message that reads well alone, the span, and a code frame.
 * Anything a template or its data can cause is a ZephyrError; any other exception is a bug.
 */
export class ZephyrError extends Error {
  /** Stable across versions: see `ZephyrErrorCode` and the table in the package README. */
  readonly code: ZephyrErrorCode;
  span?: Span;
  filename?: string;
  source?: string;
  readonly hint?: string;
  readonly fix?: Fix;
  readonly related: ZephyrError[];

  constructor(init: ZephyrErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ZephyrError";
    this.code = init.code;
    this.span = init.span;
    this.filename = init.filename;
    this.source = init.source;
    this.hint = init.hint;
    if (init.fix) this.fix = init.fix;
    this.related = init.related ?? [];
  }

  /** `file:line:column` (or what of it is known). */
  get location(): string {
    const file = this.filename ?? "<template>";
    return this.span ? `${file}:${this.span.line}:${this.span.column}` : file;
  }

  /** The source line(s) with a caret under the span, for humans. Empty when the source is unknown. */
  frame(): string {
    if (!this.span || this.source === undefined) return "";
    return codeFrame(this.source, this.span);
  }

  /** `file:line:col: error CODE: message`, the frame, and the hint: what the CLI prints. */
  format(): string {
    const parts = [`${this.location}: error ${this.code}: ${this.message}`];
    const frame = this.frame();
    if (frame) parts.push(frame);
    if (this.hint) parts.push(`hint: ${this.hint}`);
    return parts.join("\n");
  }

  toDiagnostic(): Diagnostic {
    const d: Diagnostic = { severity: "error", code: this.code, message: this.message };
    if (this.span) d.span = this.span;
    if (this.filename) d.file = this.filename;
    if (this.hint) d.hint = this.hint;
    if (this.fix) d.fix = this.fix;
    return d;
  }

  static is(e: unknown): e is ZephyrError {
    return e instanceof ZephyrError;
  }
}

/** Columns of a long line shown around the span; the rest is elided (a minified template can be one huge line). */
const FRAME_WIDTH = 100;

/** A code frame: the span's first line with its number, and carets under the span (clipped to that line). */
export function codeFrame(source: string, span: Span, index: LineIndex = new LineIndex(source)): string {
  const fullLine = index.lineText(span.line).replace(/\t/g, " ");
  const gutter = String(span.line);
  let width =
    span.endLine === span.line
      ? Math.max(1, span.endColumn - span.column)
      : Math.max(1, fullLine.length - span.column + 1);
  let column = span.column;
  let lineText = fullLine;
  if (fullLine.length > FRAME_WIDTH) {
    const start = Math.max(0, Math.min(column - 1 - 30, fullLine.length - FRAME_WIDTH));
    const end = Math.min(fullLine.length, start + FRAME_WIDTH);
    lineText = `${start > 0 ? "…" : ""}${fullLine.slice(start, end)}${end < fullLine.length ? "…" : ""}`;
    column = column - start + (start > 0 ? 1 : 0);
    width = Math.min(width, end - (span.column - 1));
  }
  const pad = " ".repeat(gutter.length);
  return `${pad} |\n${gutter} | ${lineText}\n${pad} | ${" ".repeat(Math.max(0, column - 1))}${"^".repeat(Math.max(1, width))}`;
}
