/**
 * Shared helpers of the function families: error codes, argument errors, step charging, code-point string
 * operations, the natural order used by `sort` and `compare`, and value keys used by `dedupe` and `intersect`.
 */
import { FloatValue, getMember, Lambda, PrintLimitError, typeOf } from "../values.js";
import type { FnContext, ParamSpec, ParamType } from "./registry.js";

/** A wrong domain value (bad pattern, negative square root, unparseable date, ...). */
export const ARGUMENT_ERROR = "ZE_FUNCTION_ARGUMENT";
/** A function would build a list over the step limit (the engine's code for running out of steps). */
export const LIMIT_STEPS_ERROR = "ZE_LIMIT_STEPS";
/** A function would build a string over the output size limit (the engine's code for strings that grow too long). */
export const LIMIT_OUTPUT_ERROR = "ZE_LIMIT_OUTPUT";
/** A Sailthru platform function called outside Sailthru. */
export const UNAVAILABLE_ERROR = "ZE_UNAVAILABLE";

/** Fails the render with `name(): message`. */
export function argError(ctx: FnContext, name: string, message: string, hint?: string): never {
  return ctx.fail(ARGUMENT_ERROR, `${name}(): ${message}`, hint);
}

/** A parameter spec, shorter to write. */
export function param(
  name: string,
  type: ParamType,
  opts: { optional?: boolean; nullable?: boolean; rest?: boolean } = {},
): ParamSpec {
  const p: ParamSpec = { name, type };
  if (opts.optional) p.optional = true;
  if (opts.nullable) p.nullable = true;
  if (opts.rest) p.rest = true;
  return p;
}

/** Charges one step per element of work (list functions). */
export function chargeItems(ctx: FnContext, n: number): void {
  if (n > 0) ctx.charge(n);
}

/**
 * How many nodes a structural walk (comparing, keying) may visit. Values can share parts (a list holding itself
 * twice, n times over, has 2^n leaves), so such walks are bounded by the steps limit: past it PrintLimitError(0),
 * which the render reports as ZE_LIMIT_STEPS.
 */
export interface StepBudget {
  nodes: number;
}
const UNBOUNDED: StepBudget = { nodes: Number.POSITIVE_INFINITY };

/** A budget of the render's remaining steps limit, for one function call's structural walks. */
export function stepBudget(ctx: FnContext): StepBudget {
  return { nodes: ctx.limits.steps };
}

/** Charges one step per 100 UTF-16 units of text read or written (short strings are free). */
export function chargeText(ctx: FnContext, units: number): void {
  if (units >= 100) ctx.charge(Math.floor(units / 100));
}

/** Refuses to build a list of `n` elements when `n` exceeds the step limit, then charges for it. */
export function reserveList(ctx: FnContext, name: string, n: number): void {
  if (n > ctx.limits.steps) {
    ctx.fail(
      LIMIT_STEPS_ERROR,
      `${name}(): the result would have ${n} elements, over the limit of ${ctx.limits.steps} steps`,
      "raise limits.steps (CLI: --max-steps) if this is intended",
    );
  }
  chargeItems(ctx, n);
}

/** Refuses to build a string of `units` UTF-16 units when it exceeds the output size limit, then charges for it. */
export function reserveText(ctx: FnContext, name: string, units: number): void {
  if (units > ctx.limits.outputSize) {
    ctx.fail(
      LIMIT_OUTPUT_ERROR,
      `${name}(): the result would be ${units} characters long, over the output size limit of ${ctx.limits.outputSize}`,
      "raise limits.outputSize (CLI: --max-output) if this is intended",
    );
  }
  chargeText(ctx, units);
}

/** An integer from a number argument (truncated toward zero); NaN and infinities fail. */
export function toInt(ctx: FnContext, name: string, what: string, n: number): number {
  if (!Number.isFinite(n)) argError(ctx, name, `${what} must be a finite number, got ${n}`);
  return Math.trunc(n);
}

// ---------------------------------------------------------------------------------------------------------------
// Strings by code point (so an emoji is one character and is never cut in half)

const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** Length in code points. */
export function cpLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Code points of `s` from `start` to `end` (code-point indexes, end exclusive, both already clamped). */
export function cpSlice(s: string, start: number, end: number): string {
  if (!hasSurrogates(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join("");
}

/** UTF-16 index of a code-point index (clamped to the string). */
export function cpToUnit(s: string, cp: number): number {
  if (!hasSurrogates(s)) return Math.min(cp, s.length);
  let unit = 0;
  for (let i = 0; i < cp && unit < s.length; i++) {
    const c = s.charCodeAt(unit);
    unit += c >= 0xd800 && c <= 0xdbff && unit + 1 < s.length && isLow(s.charCodeAt(unit + 1)) ? 2 : 1;
  }
  return unit;
}

/** Code-point index of a UTF-16 index. */
export function unitToCp(s: string, unit: number): number {
  if (!hasSurrogates(s)) return unit;
  return cpLength(s.slice(0, unit));
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** Reads `field` of an item: the whole name as an own member first, else as a dotted path (`vars.item_id`). */
export function getField(item: unknown, field: string): unknown {
  const direct = getMember(item, field);
  if (direct !== undefined || !field.includes(".")) return direct;
  let v: unknown = item;
  for (const part of field.split(".")) {
    v = getMember(v, part);
    if (v === undefined || v === null) return v;
  }
  return v;
}

/** Calls a lambda with as many of `args` as it declares (so `lambda x: …` and `lambda x, i: …` both work). */
export function invoke(ctx: FnContext, fn: unknown, args: readonly unknown[]): unknown {
  if (fn instanceof Lambda) return ctx.callLambda(fn, args.slice(0, Math.max(1, fn.arity())));
  return ctx.callLambda(fn, args);
}

/** Number of parameters a lambda declares (0 when it is not a lambda). */
export function lambdaArity(fn: unknown): number {
  return fn instanceof Lambda ? fn.arity() : 0;
}

/** A new object with a null prototype, safe for keys that come from data (`__proto__`, `constructor`). */
export function dataObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Rank of a value in the natural order: null < boolean < number (and numeric string) < string < list < object. */
function rank(v: unknown): number {
  switch (typeOf(v)) {
    case "null":
      return 0;
    case "boolean":
      return 1;
    case "number":
      return 2;
    case "string":
      return NUMERIC.test(v as string) ? 2 : 3;
    case "list":
      return 4;
    case "object":
      return 5;
    default:
      return 6;
  }
}

/**
 * The natural order of `sort` and `compare`: null < booleans (false < true) < numbers and numeric strings (compared
 * as numbers, so "9.99" < "12.99") < other strings (by UTF-16 code unit, case-sensitive) < lists (element by element)
 * < objects (all equal) < lambdas. A total order, so sorting mixed data is deterministic.
 */
export function naturalCompare(a: unknown, b: unknown, budget: StepBudget = UNBOUNDED): number {
  if (--budget.nodes < 0) throw new PrintLimitError(0);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2: {
      const x = typeof a === "number" ? a : Number(a);
      const y = typeof b === "number" ? b : Number(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 4: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = naturalCompare(x[i], y[i], budget);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    default:
      return 0;
  }
}

/**
 * A string key such that `valueKey(a) === valueKey(b)` exactly when `equals(a, b)` (objects compare by content,
 * whatever the key order). Used to find duplicates in linear time.
 */
export function valueKey(v: unknown, budget: StepBudget = UNBOUNDED): string {
  if (--budget.nodes < 0) throw new PrintLimitError(0);
  switch (typeOf(v)) {
    case "null":
      return "n";
    case "boolean":
      return v ? "t" : "f";
    case "number":
      return Object.is(Number(v), -0) ? "d0" : `d${Number(v)}`;
    case "string":
      // The key copies the string: its text counts (a step per 100 units), so a list that holds one megabyte
      // string a thousand times cannot make a gigabyte key.
      budget.nodes -= Math.floor((v as string).length / 100);
      if (budget.nodes < 0) throw new PrintLimitError(0);
      return `s${v as string}`;
    case "list":
      return `l[${(v as unknown[]).map((x) => valueKey(x, budget)).join(",")}]`;
    case "object": {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      return `o{${keys.map((k) => `${JSON.stringify(k)}:${valueKey(o[k], budget)}`).join(",")}}`;
    }
    default:
      return `λ${++lambdaKeys}`; // a lambda is equal to nothing else
  }
}

let lambdaKeys = 0;

/**
 * A set of values compared as `valueKey` does, without building a key for a string or a number (a key would be a
 * copy of the string: 1 000 distinct 1 MB strings made 1 GB of keys). The text hashed is charged to the steps
 * (`chargeText`) before it is hashed, so hashing megabytes of text fails fast with ZE_LIMIT_STEPS.
 */
export class ValueSet {
  private readonly strings = new Set<string>();
  private readonly numbers = new Set<number>();
  private readonly others = new Set<string>();
  constructor(
    private readonly ctx: FnContext,
    private readonly budget: StepBudget,
  ) {}

  /** Charges for hashing every string of `values` (their own length: cheap to read, even for a rope). */
  chargeFor(values: readonly unknown[]): void {
    let units = 0;
    for (const v of values) if (typeof v === "string") units += v.length;
    chargeText(this.ctx, units);
  }

  /** Adds `v`; false when an equal value was there already. A float (`round()`'s) equals its number. */
  add(value: unknown): boolean {
    const v = value instanceof FloatValue ? value.value : value;
    if (typeof v === "string") return grow(this.strings, v);
    if (typeof v === "number") return grow(this.numbers, v);
    const key = valueKey(v, this.budget);
    chargeText(this.ctx, key.length);
    this.ctx.alloc(16 + 2 * key.length); // kept in the set
    return grow(this.others, key);
  }

  has(value: unknown): boolean {
    const v = value instanceof FloatValue ? value.value : value;
    if (typeof v === "string") return this.strings.has(v);
    if (typeof v === "number") return this.numbers.has(v);
    const key = valueKey(v, this.budget);
    chargeText(this.ctx, key.length);
    return this.others.has(key);
  }
}

function grow<T>(set: Set<T>, v: T): boolean {
  if (set.has(v)) return false;
  set.add(v);
  return true;
}
