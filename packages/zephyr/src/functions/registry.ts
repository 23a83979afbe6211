import type { ZephyrErrorCode } from "../codes.js";
import type { Limits } from "../options.js";
import type { ContentItem, ContentProvider, PersonalizeRequest } from "../provider.js";
import type { Span } from "../span.js";

/**
 * Parameter types a function declares. The call wrapper checks them on every call, so an implementation can trust
 * its arguments: a `string` parameter receives a string (numbers and booleans are printed), a `number` parameter a
 * number (numeric strings are converted), and so on. `any` is unchecked. A trailing `?` allows null.
 * In lenient mode a null argument for a non-nullable `string`/`number`/`list`/`object` parameter is read as
 * ""/0/[]/{} (missing profile data must not crash a send); in strict mode it is an error.
 */
export type ParamType = "any" | "string" | "number" | "boolean" | "list" | "object" | "lambda" | "collection";

export interface ParamSpec {
  name: string;
  type: ParamType;
  /** Null is a meaningful value here and is passed through as null. */
  nullable?: boolean;
  optional?: boolean;
  /** Any number of further arguments of this type. */
  rest?: boolean;
}

export interface FunctionExample {
  /** A template, e.g. `{upper('abc')}`. */
  template: string;
  /** Its exact output with the example options (now 2024-03-15T12:00:00Z, tz UTC, seed 1). */
  output: string;
}

/** What a function implementation may ask of the render that calls it. */
export interface FnContext {
  readonly strict: boolean;
  /** Render clock, milliseconds since the epoch. */
  readonly now: number;
  /** IANA time zone name. */
  readonly tz: string;
  readonly limits: Readonly<Limits>;
  /** Seeded random number in [0, 1). */
  random(): number;
  /** Calls a lambda value; fails with a clear error if `fn` is not one. */
  callLambda(fn: unknown, args: readonly unknown[]): unknown;
  getVar(name: string): unknown;
  setVar(name: string, value: unknown): void;
  /** Fails the render with an error at the call's span. */
  fail(code: ZephyrErrorCode, message: string, hint?: string): never;
  /** Ends the render as cancelled (a result, not an error). */
  cancel(message: string): never;
  /** Charges evaluation steps (for functions whose work grows with their input). */
  charge(steps: number): void;
  /** Charges bytes of strings, lists and objects the function builds to the memory limit (see `MEMORY_COST`). */
  alloc(bytes: number): void;
  /** The render's content provider, if any. */
  readonly provider: ContentProvider | undefined;
  /** Calls the provider through the render's sync/async machinery. */
  personalize(request: PersonalizeRequest): ContentItem[];
  horizonSelect(items: ContentItem[], quantity: number): ContentItem[];
  /** Interest scores (profile.interests plus this render's horizon_set_interest changes). */
  interests(): Record<string, number>;
  setInterest(tag: string, score: number): void;
  /** The span of the current call. */
  readonly site: Span | undefined;
}

export interface FunctionDef {
  name: string;
  /** Human-readable signature, e.g. `substr(string s, number start [, number length]) → string`. */
  signature: string;
  /** One line. */
  description: string;
  params: ParamSpec[];
  examples: FunctionExample[];
  /** Argument 0 must be a string literal naming a variable (`set`, `push`): the compiler records the name as assigned. */
  namesVariable?: boolean;
  /**
   * The result is one of the arguments, part of one, or the content provider's data: nothing the function built,
   * so the call does not charge it to the memory limit (every other function's string, list or object result is
   * charged by the call, see `Runtime.allocValue`).
   */
  returnsData?: boolean;
  /** Platform functions that cannot run outside Sailthru: calling one fails with this reason. */
  unavailable?: string;
  /**
   * What an `unavailable` function does under the `platform: "stub"` render option instead of failing: a
   * placeholder like the platform's own preview. `placeholder` says what it returns (for the reference and the
   * info diagnostic the render reports once per name).
   */
  stub?: { placeholder: string; call(ctx: FnContext, args: unknown[]): unknown };
  call(ctx: FnContext, args: unknown[]): unknown;
}

/** A family of functions (one file per family). */
export type FunctionFamily = readonly FunctionDef[];

/** Min and max argument counts from a parameter list. */
export function arity(params: readonly ParamSpec[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const p of params) {
    if (p.rest) return { min, max: Number.POSITIVE_INFINITY };
    max++;
    if (!p.optional) min = max;
  }
  return { min, max };
}

/** A registry with a null prototype: only the names put in it resolve. */
export function createRegistry(families: readonly FunctionFamily[]): Record<string, FunctionDef> {
  const registry: Record<string, FunctionDef> = Object.create(null);
  for (const family of families) {
    for (const def of family) {
      if (registry[def.name]) throw new Error(`function ${def.name} is defined twice`);
      registry[def.name] = def;
    }
  }
  return Object.freeze(registry);
}
