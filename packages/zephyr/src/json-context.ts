import { Lambda, print, printNumber, toJson } from "./values.js";

/**
 * Payload mode tracks the JSON lexical state of the output written so far, using only the template's literal text:
 * printed values never change the state (inside a string they are escaped, outside one they are complete JSON values),
 * so each text node's effect is a fixed transition computed once at compile time.
 *
 * Outside strings it also tells a value position (after `:`, `[` or `,`) from anywhere else (the prelude before the
 * JSON, after a value): there a null prints as `null`, elsewhere as nothing, so a statement-like tag such as
 * `{assert(x, 'no phone')}` or `{push('l', x)}` on its own line before the JSON adds nothing to it.
 */
export const OUTSIDE = 0;
export const IN_STRING = 1;
/** Inside a string, right after a backslash. */
export const IN_ESCAPE = 2;
/** Outside strings, where a JSON value is expected. */
export const AT_VALUE = 3;
export type JsonState = 0 | 1 | 2 | 3;

/** The state after `text`, entered in `state`. */
export function jsonStateAfter(text: string, state: JsonState): JsonState {
  let s = state;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (s === IN_STRING) {
      if (c === 92) s = IN_ESCAPE;
      else if (c === 34) s = OUTSIDE;
    } else if (s === IN_ESCAPE) {
      s = IN_STRING;
    } else if (c === 34) {
      s = IN_STRING;
    } else if (c === 58 || c === 91 || c === 44) {
      s = AT_VALUE; // : [ ,
    } else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      s = OUTSIDE;
    }
  }
  return s;
}

/** For each state before `text`, the state after it (the runtime-tracked code's table). */
export function jsonTransitions(text: string): Uint8Array {
  const table = new Uint8Array(4);
  for (let start = 0; start < 4; start++) table[start] = jsonStateAfter(text, start as JsonState);
  return table;
}

const HEX = "0123456789abcdef";
/** JSON's escape for each control character and for `"` and `\\`; undefined where none is needed. */
const ESCAPES: (string | undefined)[] = Array.from({ length: 0x60 }, (_, c) => {
  if (c === 0x22) return '\\"';
  if (c === 0x5c) return "\\\\";
  if (c >= 0x20) return undefined;
  const named: Record<number, string> = { 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r" };
  return named[c] ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
});

const MAY_NEED_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The inside of a JSON string holding `s` (no quotes), as JSON.stringify writes it. A lone surrogate becomes U+FFFD,
 * since no SMS can carry one; a valid pair (an emoji) is kept. Most values need nothing, and are returned as is.
 */
export function escapeJsonString(s: string): string {
  // Irregexp finds the rare characters faster than JSON.stringify handles a string that needs nothing; a
  // well-formed hit (quotes, emoji) is escaped by the native JSON.stringify; only a lone surrogate takes the loop.
  if (!MAY_NEED_ESCAPE.test(s)) return s;
  return s.isWellFormed() ? JSON.stringify(s).slice(1, -1) : escapeIllFormed(s);
}

/**
 * Hints for the hinted escapers below, one per output tag: 1 when the tag's last value needed escaping. A tag whose
 * values need escaping (a body with quotes) then skips the regex test and goes straight to JSON.stringify, which
 * also tells when a value no longer needs it. Hints only choose the faster path: the result is always the same.
 */
export type EscapeHints = number[];

/** `escapeJsonString`, choosing its path by `hints[i]`. */
export function escapeJsonStringHinted(s: string, hints: EscapeHints, i: number): string {
  if (hints[i] === 0) {
    const escaped = escapeJsonString(s);
    if (escaped.length !== s.length) hints[i] = 1;
    return escaped;
  }
  const quoted = JSON.stringify(s);
  if (quoted.length === s.length + 2) {
    hints[i] = 0;
    return s;
  }
  return wellFormedQuote(quoted, s) ? quoted.slice(1, -1) : escapeIllFormed(s);
}

/** `quoteJsonString`, choosing its path by `hints[i]`. */
export function quoteJsonStringHinted(s: string, hints: EscapeHints, i: number): string {
  if (hints[i] === 0) {
    const quoted = quoteJsonString(s);
    if (quoted.length !== s.length + 2) hints[i] = 1;
    return quoted;
  }
  const quoted = JSON.stringify(s);
  if (quoted.length === s.length + 2) hints[i] = 0;
  return wellFormedQuote(quoted, s) ? quoted : `"${escapeIllFormed(s)}"`;
}

/**
 * Whether `quoted` (JSON.stringify of `s`) is what we write: JSON.stringify writes a lone surrogate as `\\udxxx`,
 * which we replace by U+FFFD. That escape adds 5 characters, so a shorter growth (quotes and backslashes: 1 each)
 * rules it out without a scan; otherwise no `\\ud` in it means none either (cheaper than isWellFormed on a long
 * two-byte string), and with one (a lone surrogate, or a backslash before "ud") isWellFormed decides.
 */
function wellFormedQuote(quoted: string, s: string): boolean {
  return quoted.length - s.length < 7 || quoted.indexOf("\\ud") === -1 || s.isWellFormed();
}

/** `s` as a whole JSON string, quotes included (the same escaping as `escapeJsonString`). */
export function quoteJsonString(s: string): string {
  if (!MAY_NEED_ESCAPE.test(s)) return `"${s}"`;
  return s.isWellFormed() ? JSON.stringify(s) : `"${escapeIllFormed(s)}"`;
}

function escapeIllFormed(s: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x60) {
      rep = ESCAPES[c];
      if (rep === undefined) continue;
    } else if (c < 0xd800 || c > 0xdfff) {
      continue;
    } else if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a valid surrogate pair
      continue;
    } else {
      rep = "\ufffd";
    }
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return out + s.slice(last);
}

/** A value written outside a JSON string: a complete JSON value (strings quoted, null for nothing). */
export function jsonValue(v: unknown, limit = Number.POSITIVE_INFINITY): string {
  switch (typeof v) {
    case "string":
      return quoteJsonString(v);
    case "number":
      return Number.isFinite(v) ? printNumber(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "null";
  }
  if (v === null || v instanceof Lambda) return "null";
  return toJson(v, limit);
}

/** How a printed value is written in the given state (`limit` caps the size of lists and objects printed). */
export function formatForState(v: unknown, state: number, limit = Number.POSITIVE_INFINITY): string {
  if (state === IN_STRING || state === IN_ESCAPE) return escapeJsonString(print(v, limit));
  if (state === OUTSIDE && (v === null || v === undefined)) return "";
  return jsonValue(v, limit);
}
