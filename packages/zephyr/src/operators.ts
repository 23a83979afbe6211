import { MEMORY_COST } from "./options.js";
import type { Runtime } from "./runtime.js";
import type { Span } from "./span.js";
import { describeType, equals, FloatValue, isPlainObject, numberOf, print, toNumber } from "./values.js";

/**
 * The operators of the value model that need a render's limits (`+`, `- * / %`, `==`, ordering): both backends
 * (closures and generated code) call these, so they agree byte for byte.
 */

/** `==` with the steps limit bounding structural comparison (lists and objects that share parts). */
export function compareEqual(rt: Runtime, a: unknown, b: unknown, span: Span): boolean {
  if (typeof a === "string" && typeof b === "string") {
    if (a.length === b.length) chargeRead(rt, a.length, span); // only strings of one length are compared
    return a === b;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return equals(a, b);
  rt.site = span;
  return equals(a, b, { nodes: rt.limits.steps });
}

/**
 * Comparing two long strings reads them: a step per 100 units, as for text a function reads (a loop comparing
 * megabyte strings must not run for minutes within its steps).
 */
export function chargeRead(rt: Runtime, units: number, span: Span): void {
  if (units >= 1000) rt.charge(Math.floor(units / 100), span);
}

/** `+`: a string on either side concatenates printed forms; numbers add; lists append; objects merge; null adds nothing. */
export function add(rt: Runtime, a: unknown, b: unknown, span: Span): unknown {
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (a instanceof FloatValue || b instanceof FloatValue) {
    const x = numberOf(a);
    const y = numberOf(b);
    if (x !== undefined && y !== undefined) return new FloatValue(x + y);
  }
  if (typeof a === "string" || typeof b === "string") {
    rt.site = span;
    const limit = rt.limits.outputSize;
    return rt.checkString(print(a, limit) + print(b, limit), span);
  }
  if (a === null || a === undefined) return b === undefined ? null : b;
  if (b === null || b === undefined) return a;
  if (Array.isArray(a) && Array.isArray(b)) {
    rt.charge(b.length, span);
    rt.alloc(MEMORY_COST.value + MEMORY_COST.listElement * (a.length + b.length), span);
    return a.concat(b);
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const merged = { ...a, ...b };
    rt.allocValue(merged, span);
    return merged;
  }
  throw rt.error("ZE_TYPE", `cannot add ${describeType(a)} and ${describeType(b)}`, span);
}

/** `- * / %`: numbers (a float on either side makes the result a float, as `round()`'s floats are). */
export function arithmetic(rt: Runtime, a: unknown, b: unknown, span: Span, op: "-" | "*" | "/" | "%"): unknown {
  const x = arith(rt, a, span, op);
  const y = arith(rt, b, span, op);
  let r: number;
  if (op === "-") r = x - y;
  else if (op === "*") r = x * y;
  else {
    if (y === 0) throw rt.error("ZE_DIVISION_BY_ZERO", op === "/" ? "division by zero" : "modulo by zero", span);
    r = op === "/" ? x / y : x % y;
  }
  return a instanceof FloatValue || b instanceof FloatValue ? new FloatValue(r) : r;
}

/** An arithmetic operand: numbers and numeric strings; null counts as 0 (an error in strict mode). */
export function arith(rt: Runtime, v: unknown, span: Span, op: string): number {
  if (typeof v === "number") return v;
  if (v instanceof FloatValue) return v.value;
  if ((v === null || v === undefined) && !rt.strict) return 0;
  const n = typeof v === "string" ? toNumber(v) : undefined;
  if (n === undefined)
    throw rt.error(
      "ZE_TYPE",
      `'${op}' needs numbers, got ${describeType(v)}${typeof v === "string" ? ` (${JSON.stringify(v.slice(0, 30))})` : ""}`,
      span,
    );
  return n;
}

/** Ordering: two strings compare by code unit; otherwise both sides must be numbers (numeric strings, null as 0). */
export function compare(rt: Runtime, a: unknown, b: unknown, span: Span): number {
  if (typeof a === "string" && typeof b === "string") {
    chargeRead(rt, Math.min(a.length, b.length), span);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = typeof a === "number" ? a : (a === null || a === undefined) && !rt.strict ? 0 : toNumber(a);
  const y = typeof b === "number" ? b : (b === null || b === undefined) && !rt.strict ? 0 : toNumber(b);
  if (x === undefined || y === undefined || typeof a === "boolean" || typeof b === "boolean") {
    throw rt.error("ZE_TYPE", `cannot compare ${describeType(a)} with ${describeType(b)}`, span);
  }
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
}
