/**
 * A small FnContext for unit tests of the function families: a fixed clock and zone, a seeded PRNG, variables in a
 * map, `fail` and `cancel` that throw, and step and memory counters that enforce `limits.steps` and `limits.memory`.
 */
import { DEFAULT_LIMITS, type Limits } from "../options.js";
import type { ContentItem, PersonalizeRequest } from "../provider.js";
import { createRandom } from "../random.js";
import { Lambda } from "../values.js";
import { BUILTINS } from "./index.js";
import { arity, type FnContext } from "./registry.js";

/** The example options: now = 2024-03-15T12:00:00Z (a Friday), tz = UTC, seed = 1. */
export const EXAMPLE_NOW = Date.parse("2024-03-15T12:00:00Z");

/** What `ctx.fail` throws in tests. */
export class FnFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "FnFailure";
  }
}

/** What `ctx.cancel` throws in tests. */
export class FnCancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FnCancelled";
  }
}

/** The engine's seeded PRNG (mulberry32), so the fake context draws the numbers a real render would. */
export const mulberry32 = createRandom;

export interface FakeOptions {
  now?: number | string;
  tz?: string;
  seed?: number;
  strict?: boolean;
  limits?: Partial<Limits>;
  vars?: Record<string, unknown>;
  interests?: Record<string, number>;
  /** Items the fake provider recommends (default: the request's `content`). */
  catalog?: ContentItem[];
}

export interface FakeContext extends FnContext {
  readonly vars: Map<string, unknown>;
  readonly steps: number;
  /** Bytes charged with `alloc`. */
  readonly memory: number;
  readonly requests: PersonalizeRequest[];
}

export function fakeContext(opts: FakeOptions = {}): FakeContext {
  const now = opts.now === undefined ? EXAMPLE_NOW : typeof opts.now === "string" ? Date.parse(opts.now) : opts.now;
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const random = mulberry32(opts.seed ?? 1);
  const vars = new Map<string, unknown>(Object.entries(opts.vars ?? {}));
  const interests: Record<string, number> = { ...opts.interests };
  const requests: PersonalizeRequest[] = [];
  let steps = 0;
  let memory = 0;
  const ctx: FakeContext = {
    strict: opts.strict ?? false,
    now,
    tz: opts.tz ?? "UTC",
    limits,
    vars,
    requests,
    get steps() {
      return steps;
    },
    get memory() {
      return memory;
    },
    random,
    callLambda(fn, args) {
      if (!(fn instanceof Lambda)) throw new FnFailure("ZE_NOT_A_LAMBDA", "not a lambda");
      ctx.charge(1);
      return fn.invoke(args);
    },
    getVar: (name) => vars.get(name) ?? null,
    setVar: (name, value) => {
      vars.set(name, value);
    },
    fail(code, message, hint) {
      throw new FnFailure(code, message, hint);
    },
    cancel(message) {
      throw new FnCancelled(message);
    },
    charge(n) {
      steps += n;
      if (steps > limits.steps) throw new FnFailure("ZE_LIMIT", `over ${limits.steps} steps`);
    },
    alloc(bytes) {
      memory += bytes;
      if (memory > limits.memory) throw new FnFailure("ZE_LIMIT_MEMORY", `over ${limits.memory} bytes`);
    },
    provider: undefined,
    personalize(request) {
      requests.push(request);
      const content = (opts.catalog ?? (Array.isArray(request.content) ? request.content : [])) as ContentItem[];
      const size = typeof request.size === "number" ? request.size : 5;
      return content.slice(0, size);
    },
    horizonSelect(items, quantity) {
      const score = (item: ContentItem) => {
        const tags = Array.isArray(item.tags) ? item.tags : typeof item.tags === "string" ? item.tags.split(",") : [];
        return Math.max(0, ...tags.map((t) => interests[String(t).trim()] ?? 0));
      };
      return items
        .map((item, i) => ({ item, i, s: score(item) }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .slice(0, quantity)
        .map((x) => x.item);
    },
    interests: () => ({ ...interests }),
    setInterest(tag, score) {
      interests[tag] = score;
    },
    site: undefined,
  };
  return ctx;
}

/** A lambda value whose body is a JS function. */
export function lambda(params: string[], body: (...args: unknown[]) => unknown): Lambda {
  return new Lambda(params, (args) => body(...args));
}

/** Calls a built-in by name with already-typed arguments, checking the arity as the engine does. */
export function callFn(ctx: FnContext, name: string, ...args: unknown[]): unknown {
  const def = BUILTINS[name];
  if (!def) throw new Error(`no function ${name}`);
  const { min, max } = arity(def.params);
  if (args.length < min || args.length > max)
    throw new Error(`${name}: ${args.length} arguments, expected ${min}–${max}`);
  return def.call(ctx, args);
}

/** Calls a built-in with a fresh context built from `opts`. */
export function run(name: string, args: unknown[], opts?: FakeOptions): unknown {
  return callFn(fakeContext(opts), name, ...args);
}

/** The failure a call throws (or an error when it does not fail). */
export function failure(fn: () => unknown): FnFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof FnFailure) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}
