/**
 * The AST of an edited text from the AST of the text before the edit: only the top-level nodes the edit touches (and
 * one on each side) are parsed again, with the engine's own parser; the nodes before them are kept and the nodes
 * after them are moved (offsets, lines, columns). Used for the first, quick diagnostics of an edit (syntax and lint),
 * and compiled as it is by the full run that follows (it equals a whole parse: the reparse property test).
 */
import { DEFAULT_LIMITS, type Limits, type Node, parse, type Span, type TemplateAst } from "@zephyr/zephyr/internal";

/** Where a span moves: offsets by `offset`; a span on line `fromLine` or later by `lines`, and on that line by `columns`. */
interface Shift {
  offset: number;
  fromOffset: number;
  fromLine: number;
  lines: number;
  columns: number;
}

/**
 * The AST of `text` built from `before` (the AST of the previous text), or undefined when that cannot be done
 * exactly: a change the top-level nodes do not cover, a part that does not parse on its own (a syntax error, a
 * block opened or closed by the edit), or text that would merge with the text beside it.
 */
export function reparse(
  before: TemplateAst,
  text: string,
  options: { filename?: string; limits?: Partial<Limits> } = {},
): TemplateAst | undefined {
  const old = before.source;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (text.length > limits.templateSize) return undefined;
  const body = before.body;
  if (body.length === 0) return undefined;
  const { start, oldEnd, delta } = changedRange(old, text);
  // The top-level nodes the change touches, and one more on each side.
  let i = body.findIndex((n) => n.span.endOffset >= start);
  if (i < 0) i = body.length - 1;
  let j = i;
  while (j + 1 < body.length && body[j + 1].span.offset <= oldEnd) j++;
  i = Math.max(0, i - 1);
  j = Math.min(body.length - 1, j + 1);
  const from = body[i].span;
  const to = body[j].span;
  if (from.offset > start || to.endOffset < oldEnd) return undefined;
  // Top-level nodes must tile the old text between them (nothing the AST leaves out).
  for (let k = i; k < j; k++) if (body[k].span.endOffset !== body[k + 1].span.offset) return undefined;
  const slice = text.slice(from.offset, to.endOffset + delta);
  let part: TemplateAst;
  try {
    part = parse(slice, { filename: options.filename, limits: options.limits });
  } catch {
    return undefined;
  }
  const nodes = part.body;
  if (nodes.length === 0) return undefined;
  // Text beside text would have been one node in a parse of the whole.
  if (nodes[0].type === "Text" && body[i - 1]?.type === "Text") return undefined;
  if (nodes[nodes.length - 1].type === "Text" && body[j + 1]?.type === "Text") return undefined;
  const moved = nodes.map((n) =>
    move(n, { offset: from.offset, fromOffset: 0, fromLine: 1, lines: from.line - 1, columns: from.column - 1 }),
  );
  const lastSpan = moved[moved.length - 1].span;
  if (lastSpan.endOffset !== to.endOffset + delta) return undefined;
  const after: Shift = {
    offset: delta,
    fromOffset: to.endOffset,
    fromLine: to.endLine,
    lines: lastSpan.endLine - to.endLine,
    columns: lastSpan.endColumn - to.endColumn,
  };
  const rest =
    delta === 0 && after.lines === 0 && after.columns === 0
      ? body.slice(j + 1)
      : body.slice(j + 1).map((n) => move(n, after));
  return { type: "Template", body: [...body.slice(0, i), ...moved, ...rest], source: text, filename: before.filename };
}

/** The one range an edit changed: `[start, oldEnd)` of `old` became `[start, oldEnd + delta)` of `text`. */
export function changedRange(old: string, text: string): { start: number; oldEnd: number; delta: number } {
  let start = 0;
  const min = Math.min(old.length, text.length);
  while (start < min && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < min - start && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail))
    tail++;
  return { start, oldEnd: old.length - tail, delta: text.length - old.length };
}

/** A span: the one kind of object in the AST with an `endColumn` (spans have exactly the six numbers). */
function isSpan(v: object): v is Span {
  return typeof (v as Span).endColumn === "number" && typeof (v as Span).offset === "number";
}

function moveSpan(s: Span, by: Shift): Span {
  return {
    offset: s.offset + by.offset,
    endOffset: s.endOffset + by.offset,
    line: s.line + by.lines,
    column: s.line === by.fromLine ? s.column + by.columns : s.column,
    endLine: s.endLine + by.lines,
    endColumn: s.endLine === by.fromLine ? s.endColumn + by.columns : s.endColumn,
  };
}

/** A copy of an AST node (or any part of one) with every span moved. */
function move<T>(value: T, by: Shift): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let k = 0; k < value.length; k++) out[k] = move(value[k], by);
    return out as T;
  }
  if (isSpan(value)) return moveSpan(value, by) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // a value of the language (no spans in it)
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = move((value as Record<string, unknown>)[k], by);
  return out as T;
}

/** Whether two ASTs are the same tree (same node types, values and spans). */
export function sameAst(a: TemplateAst, b: TemplateAst): boolean {
  return a.source === b.source && same(a.body, b.body);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (!same(a[k], b[k])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (isSpan(a)) {
    const t = b as Span;
    return (
      a.offset === t.offset &&
      a.endOffset === t.endOffset &&
      a.line === t.line &&
      a.column === t.column &&
      a.endLine === t.endLine &&
      a.endColumn === t.endColumn
    );
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    keys++;
    if (!same(x[k], y[k])) return false;
  }
  for (const _ in y) keys--;
  return keys === 0 && Object.getPrototypeOf(a) === Object.getPrototypeOf(b);
}

export type { Node };
