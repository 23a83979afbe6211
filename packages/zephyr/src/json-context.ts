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

/** For each state before `text`, the state after it. */
export function jsonTransitions(text: string): Uint8Array {
  const table = new Uint8Array(4);
  for (let start = 0; start < 4; start++) {
    let s = start;
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
    table[start] = s;
  }
  return table;
}

/** The inside of a JSON string holding `s` (no quotes). Lone surrogates become U+FFFD, since no SMS can carry them. */
export function escapeJsonString(s: string): string {
  // Fast path: most values hold no quote, backslash, control character or surrogate (a char loop beats a regex here).
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff))
      return JSON.stringify(s.toWellFormed()).slice(1, -1);
  }
  return s;
}

/** A value written outside a JSON string: a complete JSON value (strings quoted, null for nothing). */
export function jsonValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      return `"${escapeJsonString(v)}"`;
    case "number":
      return Number.isFinite(v) ? printNumber(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "null";
  }
  if (v === null || v instanceof Lambda) return "null";
  return toJson(v);
}

/** How a printed value is written in the given state. */
export function formatForState(v: unknown, state: number): string {
  if (state === IN_STRING || state === IN_ESCAPE) return escapeJsonString(print(v));
  if (state === OUTSIDE && (v === null || v === undefined)) return "";
  return jsonValue(v);
}
