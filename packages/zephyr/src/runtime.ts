import type { ZephyrErrorCode } from "./codes.js";
import { type Diagnostic, ZephyrError } from "./errors.js";
import type { FnContext } from "./functions/registry.js";
import { formatForState, IN_ESCAPE, IN_STRING, OUTSIDE } from "./json-context.js";
import {
  DEFAULT_LIMITS,
  type Limits,
  MEMORY_COST,
  type RenderInput,
  type RenderOptions,
  type Segment,
} from "./options.js";
import type { ContentItem, ContentProvider, PersonalizeRequest, ProviderContext } from "./provider.js";
import { createRandom } from "./random.js";
import type { Span } from "./span.js";
import { describeType, getMember, isForbiddenMember, isPlainObject, Lambda, print, printBrief } from "./values.js";

/**
 * Where the compiler put a template's variables: one array slot per name it binds, when every name a render can
 * set is known at compile time (no `{include}`, no computed `set()`/`push()` name). Otherwise variables live in a
 * name-keyed map shared with included snippets.
 */
export interface ScopeLayout {
  readonly slotOf: ReadonlyMap<string, number>;
  readonly count: number;
}

/** Where errors point, and how variables are stored: the template (or snippet) whose code is running. */
export interface Unit {
  readonly filename: string | undefined;
  readonly source: string;
  readonly layout: ScopeLayout | null;
}

/** Thrown by `assert()`/`cancel()`; the render ends as cancelled. */
export class CancelSignal {
  constructor(
    readonly message: string,
    readonly span: Span | undefined,
  ) {}
}

/** Thrown when an async render meets a provider promise: the render is replayed once it settles. */
export class SuspendSignal {
  constructor(
    readonly index: number,
    readonly promise: PromiseLike<unknown>,
    readonly span: Span | undefined,
  ) {}
}

/**
 * A running `{foreach}`: what it iterates, the variable it read it from (if any), and where it starts; `outer` is
 * the loop around it (a linked stack: entering a loop allocates one object, and leaving it none).
 */
export interface LoopGuard {
  readonly value: object;
  readonly name: string | undefined;
  readonly span: Span;
  readonly outer: LoopGuard | null;
}

/** Control-flow results of statements. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;

const EMPTY: Record<string, unknown> = Object.freeze(Object.create(null));
const NO_SLOTS: unknown[] = [];
/** The slots of a render whose generated code keeps its variables in locals: frozen, so a stray write throws. */
const SLOT_FREE = Object.freeze<unknown>([]) as unknown[];

/** The last clock string parsed: a batch passes the same `now` to every render. */
let lastNow: { text: string; ms: number } | undefined;

export function resolveNow(now: RenderOptions["now"]): number {
  if (now === undefined) return Date.now();
  if (typeof now === "string" && lastNow?.text === now) return lastNow.ms;
  const ms = now instanceof Date ? now.getTime() : typeof now === "number" ? now : Date.parse(now);
  if (typeof now === "string" && Number.isFinite(ms)) lastNow = { text: now, ms };
  if (!Number.isFinite(ms)) {
    throw new ZephyrError({
      code: "ZE_OPTION",
      message: `'now' must be a date, an ISO 8601 string or milliseconds; got ${JSON.stringify(now)}`,
    });
  }
  return ms;
}

/** Time zones already checked (building an Intl formatter costs far more than a render). */
const knownTimeZones = new Set(["UTC"]);

export function checkTimeZone(tz: string): string {
  if (knownTimeZones.has(tz)) return tz;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    knownTimeZones.add(tz);
    return tz;
  } catch {
    throw new ZephyrError({
      code: "ZE_OPTION",
      message: `unknown time zone ${JSON.stringify(tz)}`,
      hint: "use an IANA name such as UTC, America/New_York or Europe/Paris",
    });
  }
}

/** Options resolved once per render. */
export interface ResolvedRender {
  /** The clock; undefined means the real time, read when a render first asks for it. */
  now: number | undefined;
  tz: string;
  seed: number;
  strict: boolean;
  json: boolean;
  limits: Limits;
  provider: ContentProvider | undefined;
  snippets: RenderOptions["snippets"];
  segments: boolean;
  /** Platform functions return placeholders (`platform: "stub"`). */
  stub: boolean;
  /** The options this was resolved from, as they were then (see `sameOptions`). */
  from: RenderOptions;
}

/** Limits merged with the defaults, per limits object (callers reuse one object across renders; it is read once). */
const mergedLimits = new WeakMap<Partial<Limits>, Limits>();

export function resolveLimits(limits: Partial<Limits>): Limits {
  let merged = mergedLimits.get(limits);
  if (!merged) mergedLimits.set(limits, (merged = { ...DEFAULT_LIMITS, ...limits }));
  return merged;
}

export function resolveOptions(options: RenderOptions): ResolvedRender {
  return {
    now: options.now === undefined ? undefined : resolveNow(options.now),
    tz: options.tz === undefined ? "UTC" : checkTimeZone(options.tz),
    seed: options.seed ?? 0,
    strict: options.strict === true,
    json: options.escape !== "none",
    limits: options.limits ? resolveLimits(options.limits) : DEFAULT_LIMITS,
    provider: options.provider,
    snippets: options.snippets,
    segments: options.segments === true,
    stub: options.platform === "stub",
    from: {
      now: options.now,
      tz: options.tz,
      seed: options.seed,
      strict: options.strict,
      escape: options.escape,
      limits: options.limits,
      provider: options.provider,
      snippets: options.snippets,
      segments: options.segments,
      platform: options.platform,
    },
  };
}

/**
 * Whether `options` still says what it said when `from` was copied from it, so what it resolved to can be reused
 * (a batch passes one options object to every render). A Date clock may have been changed in place: never reused.
 */
export function sameOptions(options: RenderOptions, from: RenderOptions): boolean {
  return (
    options.now === from.now &&
    !(options.now instanceof Date) &&
    options.tz === from.tz &&
    options.seed === from.seed &&
    options.strict === from.strict &&
    options.escape === from.escape &&
    options.limits === from.limits &&
    options.provider === from.provider &&
    options.snippets === from.snippets &&
    options.segments === from.segments &&
    options.platform === from.platform
  );
}

/** The state of one render. Compiled closures read and write it; nothing in it outlives the render. */
export class Runtime implements FnContext {
  // Every field is `declare`d and set by the constructor (plain assignments, in this order): a Runtime is built per
  // render, and Node 20 defines class fields several times slower than it assigns properties.
  declare out: string;
  /** JSON lexical state of `out` (payload mode). */
  declare js: number;
  declare readonly segs: Segment[] | null;
  /** Variables in slots (templates with a scope layout); unset slots hold undefined. */
  declare readonly slots: unknown[];
  /** Variables by name (templates without a scope layout, and their snippets), created on first use. */
  declare private named: Map<string, unknown> | null;
  declare steps: number;
  /** Bytes the render may still build before the memory limit (see `alloc`); one subtraction per charge. */
  declare memLeft: number;
  declare depth: number;
  declare site: Span | undefined;
  declare unit: Unit;
  /** Objects this render created by copying, which it may therefore change in place. */
  declare owned: WeakSet<object> | null;
  /** Names of the snippets being included, innermost last (cycle detection); created by the first include. */
  declare includeStack: string[] | null;
  /** Info diagnostics of this render, one per key (`platform: "stub"` placeholders); null until the first. */
  declare notices: Map<string, Diagnostic> | null;
  /** The innermost `{foreach}` loop running (the others by `outer`); null when none is (assignments check nothing). */
  declare loops: LoopGuard | null;
  /** Async renders: snippet sources an async resolver has answered, by name (see Template.renderAsync). */
  declare snippetAnswers: Map<string, string | undefined> | null;

  /** The profile (read-only plain data), as the template's `profile`. */
  declare readonly profileData: Record<string, unknown>;
  /** Globals: the data, then the profile vars; worked out when a template first reads a name it does not bind. */
  declare private globalData: Record<string, unknown> | undefined;
  declare private globalVars: Record<string, unknown>;
  declare private readonly input: RenderInput;
  declare private rand: (() => number) | undefined;
  declare private clock: number | undefined;
  declare private providerCalls: number;
  declare private interestOverrides: Record<string, number> | null;
  declare readonly options: ResolvedRender;
  /** Async renders: provider answers already settled, by call index. */
  declare private readonly settled: Map<number, unknown> | null;

  constructor(
    unit: Unit,
    input: RenderInput,
    options: ResolvedRender,
    settled: Map<number, unknown> | null,
    /** The code that runs keeps its variables in locals (generated code, see codegen.ts): no slots to allocate. */
    slotFree = false,
  ) {
    this.out = "";
    this.js = OUTSIDE;
    this.segs = options.segments ? [] : null;
    this.slots = slotFree ? SLOT_FREE : unit.layout && unit.layout.count > 0 ? new Array(unit.layout.count) : NO_SLOTS;
    this.named = null;
    this.steps = 0;
    this.memLeft = options.limits.memory;
    this.depth = 0;
    this.site = undefined;
    this.unit = unit;
    this.owned = null;
    this.includeStack = null;
    this.notices = null;
    this.loops = null;
    this.snippetAnswers = null;
    this.profileData = isRecord(input.profile) ? input.profile : EMPTY;
    this.globalData = undefined;
    this.globalVars = EMPTY;
    this.input = input;
    this.rand = undefined;
    this.clock = options.now;
    this.providerCalls = 0;
    this.interestOverrides = null;
    this.options = options;
    this.settled = settled;
  }

  private initGlobals(): Record<string, unknown> {
    const pv = this.profileData.vars;
    this.globalVars = isRecord(pv) && Object.hasOwn(this.profileData, "vars") ? pv : EMPTY;
    return (this.globalData = isRecord(this.input.data) ? this.input.data : EMPTY);
  }

  /** The render clock, in ms: the `now` option, or the real time when the render first asks (then fixed). */
  get now(): number {
    return (this.clock ??= Date.now());
  }

  // Render-wide settings live in the resolved options (one object shared by every render that uses them), so a
  // render sets up only its own state.
  get json(): boolean {
    return this.options.json;
  }
  get strict(): boolean {
    return this.options.strict;
  }
  get tz(): string {
    return this.options.tz;
  }
  get limits(): Readonly<Limits> {
    return this.options.limits;
  }
  get provider(): ContentProvider | undefined {
    return this.options.provider;
  }
  private get seed(): number {
    return this.options.seed;
  }

  // ---- errors -------------------------------------------------------------------------------------------------------

  error(code: ZephyrErrorCode, message: string, span: Span | undefined, hint?: string, cause?: unknown): ZephyrError {
    return new ZephyrError({
      code,
      message,
      span,
      hint,
      filename: this.unit.filename,
      source: this.unit.source,
      cause,
    });
  }

  fail(code: ZephyrErrorCode, message: string, hint?: string): never {
    throw this.error(code, message, this.site, hint);
  }

  cancel(message: string): never {
    throw new CancelSignal(message, this.site);
  }

  // ---- limits -------------------------------------------------------------------------------------------------------

  step(span: Span): void {
    if (++this.steps > this.options.limits.steps) throw this.stepsExceeded(span);
  }

  charge(n: number, span: Span | undefined = this.site): void {
    this.steps += n;
    if (this.steps > this.options.limits.steps) throw this.stepsExceeded(span);
  }

  private stepsExceeded(span: Span | undefined): ZephyrError {
    return this.error(
      "ZE_LIMIT_STEPS",
      `the render took more than ${this.options.limits.steps} evaluation steps`,
      span,
      "a loop may run far longer than intended; raise limits.steps (CLI: --max-steps) if it is meant to",
    );
  }

  /** Charges `bytes` to the memory limit: ZE_LIMIT_MEMORY at `span` past it. */
  alloc(bytes: number, span: Span | undefined = this.site): void {
    if ((this.memLeft -= bytes) < 0) throw this.memoryExceeded(span);
  }

  /** Charges a value a function built: a string by its length, a list by its elements, an object by its keys. */
  allocValue(v: unknown, span: Span | undefined = this.site): void {
    if (typeof v === "string") this.alloc(MEMORY_COST.value + MEMORY_COST.stringUnit * v.length, span);
    else if (v !== null && typeof v === "object") {
      if (Array.isArray(v)) this.alloc(MEMORY_COST.value + MEMORY_COST.listElement * v.length, span);
      else if (isPlainObject(v)) {
        let n = 0;
        for (const _ in v) n++;
        this.alloc(MEMORY_COST.value + MEMORY_COST.objectEntry * n, span);
      }
    }
  }

  private memoryExceeded(span: Span | undefined): ZephyrError {
    return this.error(
      "ZE_LIMIT_MEMORY",
      `the render built more than ${this.options.limits.memory} bytes of strings, lists and objects`,
      span,
      "a loop may be building far more than intended; raise limits.memory (CLI: --max-memory) if it is meant to",
    );
  }

  /**
   * A string the template built (concatenation): rejected when longer than the output limit (a string doubled in a
   * loop must not eat memory), and charged to the memory limit by its length.
   */
  checkString(s: string, span: Span | undefined): string {
    // MEMORY_COST.value + MEMORY_COST.stringUnit × length, as literals: this runs for every concatenation.
    if ((this.memLeft -= 16 + 2 * s.length) < 0) throw this.memoryExceeded(span);
    if (s.length > this.options.limits.outputSize) throw this.stringTooLong(s, span);
    return s;
  }

  /**
   * The error of `checkString` once its charge is made: the generated code charges a concatenation inline (the
   * same subtraction and comparisons) and calls this only when one of them fails.
   */
  stringFailed(s: string, span: Span | undefined): never {
    if (this.memLeft < 0) throw this.memoryExceeded(span);
    throw this.stringTooLong(s, span);
  }

  private stringTooLong(s: string, span: Span | undefined): ZephyrError {
    return this.error(
      "ZE_LIMIT_OUTPUT",
      `a string grew to ${s.length} characters; the output limit is ${this.options.limits.outputSize}`,
      span,
      "raise limits.outputSize (CLI: --max-output) if this is intended",
    );
  }

  // ---- output -------------------------------------------------------------------------------------------------------

  text(value: string, transitions: Uint8Array, span: Span): void {
    if (this.segs !== null) {
      this.alloc(MEMORY_COST.segment, span);
      this.segs.push({ start: this.out.length, end: this.out.length + value.length, kind: "text", span });
    }
    this.out += value;
    this.js = transitions[this.js];
    if (this.out.length > this.options.limits.outputSize) throw this.outputExceeded(span);
  }

  write(v: unknown, span: Span): void {
    this.site = span; // where a value too large or too deep to print is reported
    let s: string;
    if (!this.options.json) s = print(v, this.options.limits.outputSize);
    else if (this.js === IN_ESCAPE) {
      // Right after a backslash in a JSON string: escape that backslash too, so the template's `\` stays literal.
      s = `\\${formatForState(v, IN_STRING, this.options.limits.outputSize)}`;
      this.js = IN_STRING;
    } else s = formatForState(v, this.js, this.options.limits.outputSize);
    // An empty value still gets a (zero-length) segment: an empty `{profile.keys.sms}` is the usual culprit.
    if (this.segs !== null) {
      this.alloc(MEMORY_COST.segment, span);
      this.segs.push({ start: this.out.length, end: this.out.length + s.length, kind: "tag", span });
    }
    if (s.length === 0) return;
    this.out += s;
    if (this.out.length > this.options.limits.outputSize) throw this.outputExceeded(span);
  }

  outputExceeded(span: Span): ZephyrError {
    return this.error(
      "ZE_LIMIT_OUTPUT",
      `the output is longer than ${this.options.limits.outputSize} characters`,
      span,
      "raise limits.outputSize (CLI: --max-output) if this is intended",
    );
  }

  // ---- variables ----------------------------------------------------------------------------------------------------

  /** Name-keyed variables (for templates without a scope layout). */
  get vars(): Map<string, unknown> {
    return (this.named ??= new Map());
  }

  /** A name the template does not bind: `profile`, then data globals, then profile vars. */
  global(name: string): unknown {
    if (name === "profile") return this.profileData;
    if (isForbiddenMember(name)) return undefined;
    return this.dataGlobal(name);
  }

  /**
   * A global other than `profile`, by a name that is not forbidden (the compiler checked it): data, then (for
   * `email`, the recipient) the profile's email, then vars.
   */
  dataGlobal(name: string): unknown {
    const data = this.globalData ?? this.initGlobals();
    if (Object.hasOwn(data, name)) return data[name];
    if (name === "email" && Object.hasOwn(this.profileData, "email")) return this.profileData.email;
    const vars = this.globalVars;
    return Object.hasOwn(vars, name) ? vars[name] : undefined;
  }

  /** `dataGlobal`, but in strict mode a name defined nowhere is an error at `span`. */
  readGlobal(name: string, span: Span): unknown {
    const v = this.dataGlobal(name);
    if (v === undefined && this.options.strict && !this.isGlobal(name)) throw this.undefinedName(name, span);
    return v;
  }

  /** `__proto__`, `constructor`, `prototype`: nothing (in strict mode an error, unless some global has the name). */
  readForbidden(name: string, span: Span): undefined {
    if (this.options.strict && !this.isGlobal(name)) throw this.undefinedName(name, span);
    return undefined;
  }

  /** Assignments, then the globals (for templates without a scope layout). */
  lookup(name: string): unknown {
    const v = this.named?.get(name);
    return v !== undefined ? v : this.global(name);
  }

  read(name: string, span: Span): unknown {
    const v = this.lookup(name);
    if (v === undefined && this.strict && !this.named?.has(name) && !this.isGlobal(name))
      throw this.undefinedName(name, span);
    return v;
  }

  private undefinedName(name: string, span: Span): ZephyrError {
    return this.error(
      "ZE_UNDEFINED",
      `'${name}' is not defined`,
      span,
      "strict mode: assign it first, or pass it in the profile vars or --data",
    );
  }

  private isGlobal(name: string): boolean {
    const data = this.globalData ?? this.initGlobals();
    return (
      name === "profile" ||
      Object.hasOwn(data, name) ||
      Object.hasOwn(this.globalVars, name) ||
      (name === "email" && Object.hasOwn(this.profileData, "email"))
    );
  }

  getVar(name: string): unknown {
    const slot = this.unit.layout?.slotOf.get(name);
    if (slot === undefined) return this.lookup(name);
    const v = this.slots[slot];
    return v !== undefined ? v : this.global(name);
  }

  setVar(name: string, value: unknown): void {
    if (isForbiddenMember(name)) this.fail("ZE_ASSIGN", `'${name}' cannot be used as a variable name`);
    if (this.loops !== null) this.checkAssign(name, this.getVar(name), this.site);
    const slot = this.unit.layout?.slotOf.get(name);
    if (slot === undefined) this.vars.set(name, value === undefined ? null : value);
    else this.slots[slot] = value === undefined ? null : value;
  }

  /** Records an info diagnostic once per `key`, at `span`. */
  notice(key: string, code: string, message: string, span: Span | undefined): void {
    const notices = (this.notices ??= new Map());
    if (notices.has(key)) return;
    const d: Diagnostic = { severity: "info", code, message };
    if (span) d.span = span;
    if (this.unit.filename) d.file = this.unit.filename;
    notices.set(key, d);
  }

  // ---- foreach guards --------------------------------------------------------------------------------------------

  /** A `{foreach}` starts iterating `value` (read from the variable `name`, when the loop names one). */
  enterLoop(value: object, name: string | undefined, span: Span): void {
    this.loops = { value, name, span, outer: this.loops };
  }

  exitLoop(): void {
    if (this.loops !== null) this.loops = this.loops.outer;
  }

  /**
   * Assigning the variable `name` (whose value is `old`) while a loop runs: an error when a loop iterates that
   * variable, or the list or object it holds (design.md §3: changing what a `foreach` iterates is an error).
   */
  checkAssign(name: string, old: unknown, span: Span | undefined): void {
    // The outermost loop that matches is the one reported.
    let found: LoopGuard | null = null;
    for (let loop = this.loops; loop !== null; loop = loop.outer) {
      if (loop.name === name || (old !== null && old !== undefined && loop.value === old)) found = loop;
    }
    if (found !== null) throw this.loopMutation(`'${name}'`, found, span);
  }

  /** Changing `container` (a member of it, or replacing it as a member): an error when a loop iterates it. */
  checkContainer(container: unknown, what: string, span: Span | undefined): void {
    if (container === null || typeof container !== "object") return;
    let found: LoopGuard | null = null;
    for (let loop = this.loops; loop !== null; loop = loop.outer) if (loop.value === container) found = loop;
    if (found !== null) throw this.loopMutation(what, found, span);
  }

  private loopMutation(what: string, loop: LoopGuard, span: Span | undefined): ZephyrError {
    const where = `line ${loop.span.line}, column ${loop.span.column}`;
    return this.error(
      "ZE_FOREACH_MUTATION",
      `cannot change ${what} while the {foreach} at ${where} iterates over it`,
      span,
      "collect the changes in another variable and apply them after {/foreach}",
    );
  }

  /** Member access; in strict mode reading a member of null is an error. */
  member(obj: unknown, key: unknown, span: Span): unknown {
    if ((obj === null || obj === undefined) && this.strict) {
      throw this.error(
        "ZE_NULL_MEMBER",
        `cannot read ${typeof key === "string" ? `'${printBrief(key)}'` : `[${printBrief(key)}]`} of null`,
        span,
        "strict mode: check that the value exists first, e.g. {if x}…{/if}",
      );
    }
    return getMember(obj, key);
  }

  /** A copy of `obj` that this render owns and may change in place (data passed in is never changed). */
  own<T extends object>(obj: T, span: Span | undefined = this.site): T {
    if (this.owned?.has(obj)) return obj;
    const copy = (Array.isArray(obj) ? obj.slice() : { ...obj }) as T;
    this.allocValue(copy, span);
    (this.owned ??= new WeakSet()).add(copy);
    return copy;
  }

  // ---- functions ----------------------------------------------------------------------------------------------------

  random(): number {
    return (this.rand ??= createRandom(this.seed))();
  }

  callLambda(fn: unknown, args: readonly unknown[]): unknown {
    if (!(fn instanceof Lambda))
      this.fail("ZE_NOT_CALLABLE", `expected a lambda (e.g. lambda x: x * 2), got ${describeType(fn)}`);
    const site = this.site;
    const result = fn.invoke(args);
    this.site = site;
    return result;
  }

  enter(span: Span): void {
    if (++this.depth > this.limits.depth) {
      throw this.error(
        "ZE_LIMIT_DEPTH",
        `calls are nested more than ${this.limits.depth} levels deep`,
        span,
        "a lambda may be calling itself without end; raise limits.depth (CLI: --max-depth) if it is meant to go deeper",
      );
    }
  }

  interests(): Record<string, number> {
    const base = getMember(this.profileData, "interests");
    const out: Record<string, number> = Object.create(null);
    if (isPlainObject(base))
      for (const [k, v] of Object.entries(base)) if (typeof v === "number" && !isForbiddenMember(k)) out[k] = v;
    if (this.interestOverrides) Object.assign(out, this.interestOverrides);
    return out;
  }

  setInterest(tag: string, score: number): void {
    if (isForbiddenMember(tag)) return;
    (this.interestOverrides ??= Object.create(null) as Record<string, number>)[tag] = score;
  }

  personalize(request: PersonalizeRequest): ContentItem[] {
    return this.callProvider("personalize()", request, null, 0);
  }

  horizonSelect(items: ContentItem[], quantity: number): ContentItem[] {
    return this.callProvider("horizon_select()", null, items, quantity);
  }

  /** `personalize(request)` when `request` is given, else `horizonSelect(items, quantity)` (no closure per call). */
  private callProvider(
    what: string,
    request: PersonalizeRequest | null,
    items: ContentItem[] | null,
    quantity: number,
  ): ContentItem[] {
    const index = this.providerCalls++;
    let result: unknown;
    if (this.settled?.has(index)) {
      result = this.settled.get(index);
    } else {
      if (!this.provider) {
        this.fail(
          "ZE_NO_PROVIDER",
          `${what} needs a content provider, and none is configured`,
          "pass --catalog FILE or --feed URL on the command line, or the `provider` render option",
        );
      }
      try {
        const p = this.provider;
        const ctx = this.providerContext(index);
        if (request !== null) result = p.personalize(request, ctx);
        else if (p.horizonSelect) result = p.horizonSelect(items ?? [], quantity, ctx);
        else result = (items ?? []).slice(0, quantity);
      } catch (e) {
        if (e instanceof ZephyrError) {
          e.span ??= this.site;
          e.filename ??= this.unit.filename;
          e.source ??= this.unit.source;
          throw e;
        }
        throw this.error(
          "ZE_PROVIDER",
          `${what} failed: ${e instanceof Error ? e.message : String(e)}`,
          this.site,
          undefined,
          e,
        );
      }
      if (isThenable(result)) {
        if (this.settled === null) {
          this.fail(
            "ZE_ASYNC_PROVIDER",
            `the content provider answered ${what} asynchronously`,
            "use renderAsync() (the CLI does) with a provider that does I/O",
          );
        }
        throw new SuspendSignal(index, result, this.site);
      }
    }
    if (!Array.isArray(result))
      this.fail("ZE_PROVIDER", `${what} must return a list of items; the provider returned ${describeType(result)}`);
    return result as ContentItem[];
  }

  private providerContext(index: number): ProviderContext {
    return new LazyProviderContext(this, this.seed, index);
  }
}

/**
 * What a provider sees of the render, built lazily: most providers read little of it, and the clock, the interest
 * map or a PRNG cost more than the call itself. Each provider call draws from its own random stream, so the
 * template's own random() is the same in sync and async renders.
 */
class LazyProviderContext implements ProviderContext {
  // Fields set by plain assignments (`declare`: no class-field definitions): one is built per provider call, and
  // Node 20 defines class fields several times slower than it assigns properties.
  declare private readonly rt: Runtime;
  declare private readonly seed: number;
  declare private readonly index: number;
  declare private rand: (() => number) | undefined;
  declare private scores: Record<string, number> | undefined;
  constructor(rt: Runtime, seed: number, index: number) {
    this.rt = rt;
    this.seed = seed;
    this.index = index;
    this.rand = undefined;
    this.scores = undefined;
  }
  get profile(): Record<string, unknown> {
    return this.rt.profileData;
  }
  get now(): number {
    return this.rt.now;
  }
  get interests(): Record<string, number> {
    return (this.scores ??= this.rt.interests());
  }
  get timeoutMs(): number {
    return this.rt.limits.providerTimeoutMs;
  }
  random(): number {
    return (this.rand ??= createRandom((this.seed ^ ((this.index + 1) * 0x9e3779b1)) >>> 0))();
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";
}
