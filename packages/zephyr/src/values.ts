/**
 * The value model (design.md §3): JSON-like data plus lambdas. Values are plain JS values:
 * null/undefined, boolean, number, string, arrays, plain objects, and Lambda.
 */

/**
 * A `lambda x, y: expr` value. Its state is private and its only public members are methods, so member access on
 * a lambda (which hides functions) reads nothing.
 */
export class Lambda {
  readonly #params: readonly string[];
  readonly #invoke: (args: readonly unknown[]) => unknown;
  constructor(params: readonly string[], invoke: (args: readonly unknown[]) => unknown) {
    this.#params = params;
    this.#invoke = invoke;
  }
  invoke(args: readonly unknown[]): unknown {
    return this.#invoke(args);
  }
  arity(): number {
    return this.#params.length;
  }
}

/**
 * A float, as `round()` returns on the platform: it prints with at least one decimal (`round(50.5)` → `51.0`).
 * Plain JS numbers print in their shortest form (`{3 + 3.0}` → `6`); only `round()` makes floats. A float stays a
 * float through arithmetic with numbers (`round(2.5) + 1` → `4.0`), prints as `51.0` everywhere text is made
 * (concatenation, string arguments, JSON output: `{"n": {round(2.4)}}` writes `2.0`, a JSON number), compares and
 * tests like its number (`round(0.2)` is falsy, `== 0`), and `int()` makes it a whole number again.
 */
export class FloatValue {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return printFloat(this.value);
  }
}

/** A number's text as a float: `51.0`, `0.5`, `1.0E21` stays JS's `1e+21`; -0 prints `0.0`. */
export function printFloat(n: number): string {
  const s = printNumber(n);
  return Number.isInteger(n) && /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** The number of a number or a float; undefined for anything else. */
export function numberOf(v: unknown): number | undefined {
  return typeof v === "number" ? v : v instanceof FloatValue ? v.value : undefined;
}

export type ZType = "null" | "boolean" | "number" | "string" | "list" | "object" | "lambda";

export function typeOf(v: unknown): ZType {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "string":
      return "string";
  }
  if (Array.isArray(v)) return "list";
  if (v instanceof Lambda) return "lambda";
  if (v instanceof FloatValue) return "number";
  return "object";
}

/** Falsy: null, undefined, false, 0, NaN and "". Everything else (including `[]` and `{}`) is truthy. */
export function truthy(v: unknown): boolean {
  return !(
    v === null ||
    v === undefined ||
    v === false ||
    v === 0 ||
    v === "" ||
    (typeof v === "number" && Number.isNaN(v)) ||
    (v instanceof FloatValue && !truthy(v.value))
  );
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Thrown when printing would exceed its size limit. A list that holds itself twice, repeated n times, prints 2^n
 * items, so printing stops at the limit instead of running out of memory; the runtime reports ZE_LIMIT_OUTPUT.
 */
export class PrintLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the printed value is longer than ${limit} characters`);
  }
}

/**
 * Printing: null → "", booleans → true/false, numbers → shortest form, lists → `[a, b]`, objects → JSON.
 * `limit` caps the length of printed lists and objects (PrintLimitError past it).
 */
export function print(v: unknown, limit = Number.POSITIVE_INFINITY): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return printNumber(v);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "";
  }
  if (v === null) return "";
  if (Array.isArray(v)) return printList(v, limit);
  if (v instanceof Lambda) return "";
  if (v instanceof FloatValue) return printFloat(v.value);
  return toJson(v, limit);
}

/**
 * A value as an error message quotes it: printed and cut to `max` characters; a list or object too big to print
 * is named by its type (a message must not print megabytes, nor take the time to).
 */
export function printBrief(v: unknown, max = 60): string {
  let s: string;
  try {
    s = typeof v === "string" ? v : print(v, max * 4);
  } catch (e) {
    if (e instanceof PrintLimitError) return describeType(v);
    throw e;
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function printNumber(n: number): string {
  if (Object.is(n, -0)) return "0";
  return String(n);
}

function printList(list: readonly unknown[], limit: number): string {
  let s = "[";
  for (let i = 0; i < list.length; i++) {
    if (i > 0) s += ", ";
    const item = list[i];
    s +=
      item !== null && typeof item === "object" && !Array.isArray(item) && !(item instanceof FloatValue)
        ? toJson(item, limit)
        : print(item, limit);
    if (s.length > limit) throw new PrintLimitError(limit);
  }
  return s + "]";
}

/**
 * JSON text of a value: lambdas and undefined become null, strings are made well-formed (lone surrogates → U+FFFD).
 * With a `limit`, a value with more nodes than that many characters could hold is refused (PrintLimitError).
 */
export function toJson(v: unknown, limit = Number.POSITIVE_INFINITY): string {
  if (v instanceof FloatValue) return Number.isFinite(v.value) ? printFloat(v.value) : "null";
  floats = false;
  let json: string;
  if (limit === Number.POSITIVE_INFINITY) json = JSON.stringify(v, jsonReplacer) ?? "null";
  else {
    let nodes = 0;
    json =
      JSON.stringify(v, (key, value) => {
        if (++nodes > limit) throw new PrintLimitError(limit);
        return jsonReplacer(key, value);
      }) ?? "null";
    if (json.length > limit) throw new PrintLimitError(limit);
  }
  // Floats were written as strings marked by a lone surrogate, which JSON.stringify writes as the text \ud800; they
  // become JSON numbers with their decimal (`2.0`). String values never hold a lone surrogate (jsonReplacer makes
  // them well-formed) and a key is followed by ':', so only the marks match.
  return floats ? json.replace(FLOAT_MARK, "$1") : json;
}

/** Whether the JSON text being built holds a float (set by jsonReplacer). */
let floats = false;
const FLOAT_MARK = /"\\ud800([-+.\dEe]+|Infinity)\\ud800"(?!:)/g;

function jsonReplacer(_key: string, v: unknown): unknown {
  if (v instanceof FloatValue) {
    if (!Number.isFinite(v.value)) return null;
    floats = true;
    return `\ud800${printFloat(v.value)}\ud800`;
  }
  if (v === undefined || v instanceof Lambda) return null;
  if (typeof v === "string") return v.toWellFormed();
  if (typeof v === "number" && !Number.isFinite(v)) return null;
  return v;
}

/**
 * `==`: numbers compare numerically; otherwise same type and value (lists and objects structurally).
 * `budget.nodes` caps the pairs compared (a value that shares its parts can hold 2^n of them): PrintLimitError
 * past it.
 */
export function equals(
  a: unknown,
  b: unknown,
  budget: { nodes: number } = { nodes: Number.POSITIVE_INFINITY },
): boolean {
  if (a === b) return true;
  if (--budget.nodes < 0) throw new PrintLimitError(0);
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  switch (ta) {
    case "null":
      return true;
    case "number":
      return Number(a) === Number(b); // a float and a number (the same two numbers were already ===)
    case "list": {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!equals(x[i], y[i], budget)) return false;
      return true;
    }
    case "object": {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      for (const k of kx) if (!Object.hasOwn(y, k) || !equals(x[k], y[k], budget)) return false;
      return true;
    }
    default:
      return false; // numbers and strings already compared with ===; NaN is never equal
  }
}

/** Names that never resolve on data, whatever the data holds. */
const FORBIDDEN_MEMBERS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Member access of the sandbox: own properties of plain objects, integer indexes of lists and strings.
 * Everything else (inherited names, `__proto__`, `constructor`, methods, lengths) reads as undefined.
 */
export function getMember(obj: unknown, key: unknown): unknown {
  if (obj === null || obj === undefined) return undefined;
  if (key instanceof FloatValue) return getMember(obj, key.value);
  if (Array.isArray(obj)) {
    if (typeof key === "number" && Number.isInteger(key) && key >= 0 && key < obj.length) return obj[key];
    if (typeof key === "string" && /^(0|[1-9]\d*)$/.test(key)) return getMember(obj, Number(key));
    return undefined;
  }
  if (typeof obj === "string") {
    if (typeof key === "number" && Number.isInteger(key) && key >= 0 && key < obj.length) return obj[key];
    return undefined;
  }
  if (typeof obj !== "object" || !isPlainObject(obj)) return undefined;
  const k = typeof key === "string" ? key : typeof key === "number" ? printNumber(key) : undefined;
  if (k === undefined || FORBIDDEN_MEMBERS.has(k) || !Object.hasOwn(obj, k)) return undefined;
  return (obj as Record<string, unknown>)[k];
}

/** Names that never resolve on data (`__proto__`, `constructor`, `prototype`). */
export function isForbiddenMember(key: string): boolean {
  return FORBIDDEN_MEMBERS.has(key);
}

/**
 * `getMember` for a name known at compile time that is not forbidden and not an index: the hot path of `a.b`.
 * Only plain objects have named members (lists, strings, lambdas and class instances have none), and a
 * function-valued read is an inherited method (data never holds functions), so it reads as nothing.
 */
export function getNamedMember(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== "object") return undefined;
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) return undefined; // lists, class instances, errors, maps
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === "function" ? undefined : v;
}

/** A number from a number or a numeric string; undefined when it is neither. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof FloatValue) return v.value;
  if (typeof v === "string") {
    const t = v.trim();
    if (t !== "" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  return undefined;
}

/** Article + type name for messages: "a string", "a list", "null". */
export function describeType(v: unknown): string {
  const t = typeOf(v);
  return t === "null" ? "null" : t === "object" ? "an object" : `a ${t}`;
}
