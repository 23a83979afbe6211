import type { Expr, OutputNode, TextNode } from "../ast.js";
import {
  AT_VALUE,
  type EscapeHints,
  escapeJsonString,
  escapeJsonStringHinted,
  IN_ESCAPE,
  IN_STRING,
  type JsonState,
  jsonStateAfter,
  jsonValue,
  quoteJsonStringHinted,
} from "../json-context.js";
import { NORMAL, type Runtime } from "../runtime.js";
import type { Span } from "../span.js";
import { print } from "../values.js";
import { expr } from "./expressions.js";
import type { CompileContext, Ev, Ex } from "./plan.js";

// ---- text and values in the `json` and `plain` output modes --------------------------------------------------------

/** How a value is written: printed as is, or escaped for its JSON state (a whole string with its quotes: QUOTED). */
const PLAIN = 0;
export const STRING = 1;
export const QUOTED = 2;
const ESCAPE = 3;
const VALUE = 4;
const OUTSIDE_VALUE = 5;

/**
 * One step for a run of text and output tags: texts[0] v0 texts[1] v1 … texts[k]. In `json` mode each value's JSON
 * state is known, so its escaping is chosen here; a value that is a whole JSON string (`"{x}"`) takes the quotes
 * from the texts around it and is written whole, quotes included (by JSON.stringify when it needs escaping), as
 * hand-written code would.
 */
/** A run of text and output tags, worked out for either backend: texts[0] v0 texts[1] v1 … texts[k]. */
export interface RunPlan {
  readonly head: string;
  /** texts[i + 1] follows value i (texts[0] is `head`). */
  readonly texts: readonly string[];
  /** How each value is written (PLAIN, STRING, QUOTED, ESCAPE, VALUE, OUTSIDE_VALUE). */
  readonly kinds: readonly number[];
  readonly spans: readonly Span[];
  readonly exprs: readonly Expr[];
  /** The last node's span (where an output of text alone is reported). */
  readonly span: Span;
}

export function planRun(run: readonly (TextNode | OutputNode)[], ctx: CompileContext): RunPlan {
  const pieces: string[][] = [[]];
  /** The JSON state before each text (`json` mode), to tell an opening quote at its end from an escaped one. */
  const textStates: JsonState[] = [];
  const exprs: Expr[] = [];
  const kinds: number[] = [];
  const spans: Span[] = [];
  for (const n of run) {
    const last = pieces.length - 1;
    if (n.type === "Text") {
      textStates[last] ??= ctx.states?.get(n) ?? IN_STRING;
      pieces[last].push(n.value);
      continue;
    }
    exprs.push(n.expr);
    spans.push(n.span);
    kinds.push(ctx.mode === "plain" ? PLAIN : valueKind(ctx.states?.get(n)));
    pieces.push([]);
  }
  // Joined once into flat strings (a chain of concatenations would be walked again by every render).
  const original = pieces.map((p) => p.join(""));
  const texts = original.slice();
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== STRING) continue;
    // texts[i] may have lent its first character to the value before; its last one must still be its own.
    if (texts[i].length > 0 && opensString(original[i], textStates[i]) && texts[i + 1].startsWith('"')) {
      texts[i] = texts[i].slice(0, -1);
      texts[i + 1] = texts[i + 1].slice(1);
      kinds[i] = QUOTED;
    }
  }
  return { head: texts[0], texts, kinds, spans, exprs, span: run[run.length - 1].span };
}

export function outputRun(run: readonly (TextNode | OutputNode)[], ctx: CompileContext): Ex {
  const { head, texts, kinds, spans, exprs, span } = planRun(run, ctx);
  const values: Ev[] = exprs.map((e) => expr(e, ctx));
  const k = values.length;
  if (k === 0) {
    return (rt) => {
      const out = rt.out + head;
      rt.out = out;
      if (out.length > rt.options.limits.outputSize) throw rt.outputExceeded(span);
      return NORMAL;
    };
  }
  const hints: EscapeHints = new Array<number>(k).fill(0);
  return (rt) => {
    const limit = rt.options.limits.outputSize;
    let out = rt.out + head;
    try {
      for (let i = 0; i < k; i++) {
        out += formatValue(rt, kinds[i], values[i](rt), spans[i], limit, hints, i) + texts[i + 1];
        if (out.length > limit) throw rt.outputExceeded(spans[i]);
      }
    } catch (e) {
      rt.out = out; // a cancelled render keeps what was written before the cancel
      throw e;
    }
    rt.out = out;
    return NORMAL;
  };
}

function valueKind(state: JsonState | undefined): number {
  switch (state) {
    case IN_STRING:
      return STRING;
    case IN_ESCAPE:
      return ESCAPE;
    case AT_VALUE:
      return VALUE;
    default:
      return OUTSIDE_VALUE;
  }
}

/** Whether the `"` that ends `text` (entered in `state`) opens a JSON string, rather than being escaped in one. */
function opensString(text: string, state: JsonState): boolean {
  if (!text.endsWith('"')) return false;
  const s = jsonStateAfter(text.slice(0, -1), state);
  return s !== IN_STRING && s !== IN_ESCAPE;
}

export function formatValue(
  rt: Runtime,
  kind: number,
  v: unknown,
  span: Span,
  limit: number,
  hints: EscapeHints,
  i: number,
): string {
  switch (kind) {
    case QUOTED:
      return quoteJsonStringHinted(typeof v === "string" ? v : printAt(rt, v, span, limit), hints, i);
    case STRING:
      return escapeJsonStringHinted(typeof v === "string" ? v : printAt(rt, v, span, limit), hints, i);
    case PLAIN:
      return typeof v === "string" ? v : printAt(rt, v, span, limit);
    case ESCAPE:
      // Right after a backslash in a JSON string: escape that backslash too, so the template's `\` stays literal.
      return `\\${escapeJsonString(typeof v === "string" ? v : printAt(rt, v, span, limit))}`;
    case VALUE:
      rt.site = span;
      return jsonValue(v, limit);
    default:
      // Outside a value position (the prelude, after a value) null prints nothing.
      if (v === null || v === undefined) return "";
      rt.site = span;
      return jsonValue(v, limit);
  }
}

/** Prints a non-string value; a value too large to print is reported at `span`. */
export function printAt(rt: Runtime, v: unknown, span: Span, limit: number): string {
  rt.site = span;
  return print(v, limit);
}
