import type { TemplateAst } from "./ast.js";
import {
  compileTemplate,
  type Ex,
  type Factory,
  type Generated,
  generateTemplate,
  instantiate,
  type OutputMode,
  planTemplate,
  type TemplatePlan,
} from "./compiler/index.js";
import { ZephyrError } from "./errors.js";
import { BUILTINS } from "./functions/index.js";
import type { FunctionDef } from "./functions/registry.js";
import type { Limits, RenderInput, RenderOptions, RenderResult, Segment, SnippetResolver } from "./options.js";
import { parse } from "./parser.js";
import {
  CancelSignal,
  NORMAL,
  type ResolvedRender,
  Runtime,
  resolveLimits,
  resolveOptions,
  type ScopeLayout,
  SuspendSignal,
  sameOptions,
} from "./runtime.js";
import type { Span } from "./span.js";
import { PrintLimitError } from "./values.js";

/** The segments of a render that did not ask for them (shared, so a plain render allocates no list). */
const NO_SEGMENTS: readonly Segment[] = Object.freeze([]);

export interface CompileOptions {
  /** Shown in errors (`file:line:column`). */
  filename?: string;
  limits?: Partial<Limits>;
  /** Extra functions, or replacements for built-ins (same contract as the built-ins). */
  functions?: Readonly<Record<string, FunctionDef>>;
  /** Compiled for `{include}`: its variables are its includer's, so they are kept by name. */
  snippet?: boolean;
  /**
   * The JavaScript backend (README "Backends"): `auto` (the default) renders with closures and switches to generated
   * code after `CODEGEN_AFTER` (256) renders (a one-off render never pays for code generation); `always` generates
   * at once; `never` keeps the closures. Where the host forbids code generation the closures run, silently.
   */
  codegen?: CodegenMode;
  /** @internal Generated code already built (the ES module `zephyr compile` writes), by output mode. */
  factories?: Partial<Record<OutputMode, Factory>>;
}

export type CodegenMode = "auto" | "always" | "never";

/**
 * Renders a template runs on closures before `codegen: "auto"` switches it to generated code. Measured on the bench
 * templates (README "Backends"): generating costs 0.1–0.2 ms, what 300–600 renders of a small payload cost, and
 * saves 0.02–0.6 µs a render, so generation pays for itself after a few hundred to a few thousand renders.
 */
export const CODEGEN_AFTER = 256;

/**
 * A compiled template: immutable, and safe to share across concurrent renders.
 * Rendering runs the closures built once at compile time; it never looks at the AST again.
 */
export class Template {
  readonly filename: string | undefined;
  readonly source: string;
  readonly ast: TemplateAst;
  /** Where this template's variables live (see compiler/); null for name-keyed scopes. */
  readonly layout: ScopeLayout | null;
  private readonly plan: TemplatePlan;
  /** The compiled code per output mode (see compiler/), built on first use; payload mode is built eagerly. */
  private readonly runs: Partial<Record<OutputMode, Ex>> = {};
  /** The code of the usual render (payload mode, no segments), kept at hand. */
  private payloadRun: Ex | undefined;
  /** The payload run is generated code that keeps its variables in locals (a render then allocates no slots). */
  private payloadSlotFree = false;
  /** The output modes whose generated code keeps its variables in locals. */
  private readonly slotFreeModes = new Set<OutputMode>();
  private readonly payloadMode: OutputMode;
  private readonly codegen: CodegenMode;
  private readonly factories: Partial<Record<OutputMode, Factory>> | undefined;
  /** Renders so far (until `codegen: "auto"` switches to generated code). */
  private renders = 0;
  /** New code is generated JavaScript (when the host allows it). */
  private generating = false;
  /** Which output modes run generated code. */
  private readonly generatedModes = new Set<OutputMode>();
  private readonly snippet: boolean;
  private readonly functions: Readonly<Record<string, FunctionDef>>;
  private readonly limits: Partial<Limits> | undefined;
  /**
   * Compiled snippets by name, keyed by their source text: a resolver that answers a changed text gets the new
   * snippet (a long-lived service sees edits), and the same text is compiled once. A few versions per name are kept.
   */
  private readonly snippetCache = new Map<string, Template[]>();
  private defaults: ResolvedRender | undefined;
  /** The options object of the last render and what it resolved to (callers pass the same object render after render). */
  private lastOptions: RenderOptions | undefined;
  private lastResolved: ResolvedRender | undefined;

  constructor(source: string, options: CompileOptions = {}) {
    this.filename = options.filename;
    this.source = source;
    this.limits = options.limits;
    this.snippet = options.snippet === true;
    this.functions = options.functions
      ? Object.freeze(Object.assign(Object.create(null), BUILTINS, guarded(options.functions)))
      : BUILTINS;
    this.ast =
      (options as { [PARSED]?: TemplateAst })[PARSED] ??
      parse(source, { filename: options.filename, limits: options.limits });
    this.plan = planTemplate(this.ast, this.functions, this.snippet);
    this.layout = this.plan.layout;
    // Compile errors (unknown functions, arity) surface here, not at the first render.
    this.payloadMode = this.snippet ? "tracked" : this.plan.states ? "json" : "tracked";
    this.codegen = this.snippet ? "never" : (options.codegen ?? "auto");
    this.factories = options.factories;
    const payloadRun = this.code(this.payloadMode);
    this.payloadRun = this.snippet ? undefined : payloadRun;
    if (this.codegen === "always" || this.factories !== undefined) this.switchToGenerated();
  }

  /** From now on this template runs generated code: the modes built so far are generated again, the rest on use. */
  private switchToGenerated(): void {
    if (this.codegen === "never" || this.generating) return;
    this.generating = true;
    for (const mode of Object.keys(this.runs) as OutputMode[]) {
      const run = this.generate(mode);
      if (run !== undefined) this.runs[mode] = run;
    }
    if (this.payloadRun !== undefined) {
      this.payloadRun = this.runs[this.payloadMode];
      this.payloadSlotFree = this.slotFreeModes.has(this.payloadMode);
    }
  }

  private generate(mode: OutputMode): Ex | undefined {
    const factory = this.factories?.[mode];
    // A compiled module's template never generates code at run time: a mode it has no code for runs on closures.
    if (this.factories !== undefined && factory === undefined) return undefined;
    let run: Ex | undefined;
    let slotFree = false;
    try {
      const generated = this.javascript(mode);
      slotFree = generated.slotFree;
      run = instantiate(generated, factory);
    } catch {
      // Anything the emitter or the host's compiler cannot take (a tree too deep for its stack): closures, silently.
      return undefined;
    }
    if (run !== undefined) {
      this.generatedModes.add(mode);
      if (slotFree) this.slotFreeModes.add(mode);
    }
    return run;
  }

  /**
   * @internal The generated JavaScript of one output mode (`json` only when every JSON state is known at compile
   * time): the factory body and what it is given. Building it neither runs nor installs it.
   */
  javascript(mode: OutputMode): Generated {
    return generateTemplate(this.ast, this.plan, mode, this.functions, (rt, name, span) =>
      this.include(rt, name, span),
    );
  }

  /** @internal The output mode of a render without segments in payload mode (`json` or `tracked`). */
  get payloadOutputMode(): OutputMode {
    return this.payloadMode;
  }

  /** @internal Which backend the code of an output mode runs on now. */
  backend(mode: OutputMode = this.payloadMode): "closures" | "javascript" {
    return this.generatedModes.has(mode) ? "javascript" : "closures";
  }

  /** The code for a render with these options. */
  private runFor(options: ResolvedRender): Ex {
    if (options.json && !options.segments && this.payloadRun !== undefined) return this.payloadRun;
    if (options.segments || this.snippet) return this.code("tracked");
    return this.code(!options.json ? "plain" : this.plan.states ? "json" : "tracked");
  }

  private code(mode: OutputMode): Ex {
    let run = this.runs[mode];
    if (run === undefined) {
      run = compileTemplate(this.ast, this.plan, mode, this.functions, (rt, name, span) =>
        this.include(rt, name, span),
      );
      if (this.generating) run = this.generate(mode) ?? run;
      this.runs[mode] = run;
    }
    return run;
  }

  /** Renders synchronously. A provider that answers with a promise is an error here: use `renderAsync`. */
  render(input: RenderInput = {}, options?: RenderOptions): RenderResult {
    return this.execute(input, this.resolve(options), null);
  }

  /**
   * Renders with providers that may answer asynchronously. The language runs once per provider promise: a render
   * that meets a pending answer stops, awaits it (within the provider time-out) and starts again with the answer
   * known, so both paths share one interpreter and the sync path never pays for promises.
   */
  async renderAsync(input: RenderInput = {}, options?: RenderOptions): Promise<RenderResult> {
    const resolved = this.resolve(options);
    const settled = new Map<number, unknown>();
    const snippets = new Map<string, string | undefined>();
    for (;;) {
      try {
        return this.execute(input, resolved, settled, snippets);
      } catch (e) {
        if (e instanceof SnippetSuspend)
          snippets.set(e.name, await this.awaitSnippet(e, resolved.limits.providerTimeoutMs));
        else if (e instanceof SuspendSignal)
          settled.set(e.index, await this.awaitProvider(e, resolved.limits.providerTimeoutMs));
        else throw e;
      }
    }
  }

  private resolve(options: RenderOptions | undefined): ResolvedRender {
    // Without options every render resolves to the same thing (the clock is read per render, lazily).
    if (options === undefined) return (this.defaults ??= this.resolve({}));
    const last = this.lastResolved;
    if (options === this.lastOptions && last !== undefined && sameOptions(options, last.from)) return last;
    const resolved = resolveOptions(options);
    if (this.limits && !options.limits) resolved.limits = resolveLimits(this.limits);
    this.lastOptions = options;
    this.lastResolved = resolved;
    return resolved;
  }

  private execute(
    input: RenderInput,
    options: ResolvedRender,
    settled: Map<number, unknown> | null,
    snippets: Map<string, string | undefined> | null = null,
  ): RenderResult {
    if (this.renders <= CODEGEN_AFTER && ++this.renders > CODEGEN_AFTER && this.codegen === "auto")
      this.switchToGenerated();
    // runFor's first case (the usual render): the payload run, which may need no slots.
    const slotFree = this.payloadSlotFree && options.json && !options.segments && this.payloadRun !== undefined;
    const rt = new Runtime(this, input, options, settled, slotFree);
    rt.snippetAnswers = snippets;
    try {
      this.runFor(options)(rt);
    } catch (e) {
      return this.stopped(e, rt);
    }
    const result: RenderResult = { output: rt.out, segments: rt.segs ?? NO_SEGMENTS };
    if (rt.notices !== null) result.notices = [...rt.notices.values()];
    return result;
  }

  /** A render that threw: a cancel ends it with the output so far; anything else becomes a ZephyrError at a span. */
  private stopped(e: unknown, rt: Runtime): RenderResult {
    if (e instanceof CancelSignal) {
      const cancelled: RenderResult["cancelled"] = { message: e.message };
      if (e.span) cancelled.span = e.span;
      const result: RenderResult = { output: rt.out, cancelled, segments: rt.segs ?? NO_SEGMENTS };
      if (rt.notices !== null) result.notices = [...rt.notices.values()];
      return result;
    }
    if (e instanceof ZephyrError) {
      e.filename ??= rt.unit.filename;
      e.source ??= rt.unit.source;
      throw e;
    }
    if (e instanceof PrintLimitError) {
      throw e.limit > 0
        ? rt.error(
            "ZE_LIMIT_OUTPUT",
            e.message,
            rt.site,
            "raise limits.outputSize (CLI: --max-output) if this is intended",
          )
        : rt.error(
            "ZE_LIMIT_STEPS",
            `comparing these values takes more than ${rt.limits.steps} steps`,
            rt.site,
            "raise limits.steps (CLI: --max-steps) if this is intended",
          );
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw rt.error(
        "ZE_LIMIT_DEPTH",
        "a value or the template nests too deeply to render (call stack exhausted)",
        rt.site,
        "data nested this deep cannot be printed or compared; lower limits.depth (CLI: --max-depth) to stop earlier",
      );
    }
    throw e;
  }

  /** An async snippet resolver's answer: a string or undefined, within the provider time-out. */
  private async awaitSnippet(s: SnippetSuspend, timeoutMs: number): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (message: string, cause?: unknown) =>
      new ZephyrError({
        code: "ZE_INCLUDE",
        message,
        span: s.span,
        filename: s.filename,
        source: s.source,
        cause,
        hint: cause === undefined ? "raise limits.providerTimeoutMs if the snippet store is slow" : undefined,
      });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(fail(`the snippet resolver did not answer for '${s.name}' within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    let answer: unknown;
    try {
      answer = await Promise.race([Promise.resolve(s.promise), timeout]);
    } catch (e) {
      if (e instanceof ZephyrError) throw e;
      throw fail(`the snippet resolver failed for '${s.name}': ${e instanceof Error ? e.message : String(e)}`, e);
    } finally {
      clearTimeout(timer);
    }
    if (answer !== undefined && typeof answer !== "string") {
      throw fail(`the snippet resolver must answer a string or undefined for '${s.name}'`);
    }
    return answer;
  }

  private async awaitProvider(s: SuspendSignal, timeoutMs: number): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ZephyrError({
              code: "ZE_PROVIDER_TIMEOUT",
              message: `the content provider did not answer within ${timeoutMs} ms`,
              span: s.span,
              filename: this.filename,
              source: this.source,
              hint: "check the feed or catalog service, or raise limits.providerTimeoutMs (CLI: --provider-timeout)",
            }),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([Promise.resolve(s.promise), timeout]);
    } catch (e) {
      if (e instanceof ZephyrError) {
        e.span ??= s.span;
        e.filename ??= this.filename;
        e.source ??= this.source;
        throw e;
      }
      throw new ZephyrError({
        code: "ZE_PROVIDER",
        message: `the content provider failed: ${e instanceof Error ? e.message : String(e)}`,
        span: s.span,
        filename: this.filename,
        source: this.source,
        cause: e,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The resolver's answer for `name`. In an async render a promise suspends the render until it settles. */
  private snippetSource(rt: Runtime, resolver: SnippetResolver, name: string, span: Span): string | undefined {
    const answers = rt.snippetAnswers;
    if (answers?.has(name)) return answers.get(name);
    let answer: ReturnType<SnippetResolver>;
    try {
      answer = resolver(name);
    } catch (e) {
      if (e instanceof ZephyrError) throw e;
      throw rt.error(
        "ZE_INCLUDE",
        `cannot include '${name}': ${e instanceof Error ? e.message : String(e)}`,
        span,
        undefined,
        e,
      );
    }
    if (answer === undefined || typeof answer === "string") return answer;
    if (typeof (answer as PromiseLike<unknown>)?.then === "function") {
      if (answers === null) {
        throw rt.error(
          "ZE_INCLUDE",
          `the snippet resolver answered '${name}' asynchronously`,
          span,
          "use renderAsync() with a resolver that does I/O",
        );
      }
      throw new SnippetSuspend(name, answer, span, rt.unit.filename, rt.unit.source);
    }
    throw rt.error("ZE_INCLUDE", `the snippet resolver must answer a string or undefined for '${name}'`, span);
  }

  /** `{include 'name'}`: the snippet runs in this render's scope (its variables are the template's variables). */
  private include(rt: Runtime, name: unknown, span: Span): number {
    if (typeof name !== "string" || name === "") {
      throw rt.error("ZE_INCLUDE", "{include} needs a snippet name (a string)", span);
    }
    const resolver = rt.options.snippets;
    if (!resolver)
      throw rt.error(
        "ZE_INCLUDE",
        `cannot include '${name}': no snippet directory is configured`,
        span,
        "pass --snippets DIR, or the `snippets` render option",
      );
    const stack = (rt.includeStack ??= []);
    if (stack.includes(name)) {
      throw rt.error("ZE_INCLUDE_CYCLE", `include cycle: ${[...stack, name].join(" → ")}`, span);
    }
    if (stack.length >= rt.limits.includeDepth) {
      throw rt.error(
        "ZE_LIMIT_INCLUDE_DEPTH",
        `includes are nested more than ${rt.limits.includeDepth} deep`,
        span,
        "raise limits.includeDepth (CLI: --max-include-depth) if this is intended",
      );
    }
    const source = this.snippetSource(rt, resolver, name, span);
    if (source === undefined) throw rt.error("ZE_INCLUDE", `snippet '${name}' was not found`, span);
    let versions = this.snippetCache.get(name);
    if (!versions) this.snippetCache.set(name, (versions = []));
    let snippet = versions.find((t) => t.source === source);
    if (!snippet) {
      snippet = new Template(source, { filename: name, limits: this.limits, functions: this.functions, snippet: true });
      versions.push(snippet);
      if (versions.length > SNIPPET_VERSIONS) versions.shift();
    }
    const unit = rt.unit;
    stack.push(name);
    rt.unit = snippet;
    const flow = snippet.code("tracked")(rt);
    rt.unit = unit;
    stack.pop();
    return flow === NORMAL ? NORMAL : flow;
  }
}

/** Versions of one snippet kept compiled (a resolver may answer different texts, e.g. per brand or after edits). */
const SNIPPET_VERSIONS = 8;

/** An async render met a snippet resolver's promise: the render is replayed once it settles. */
class SnippetSuspend extends SuspendSignal {
  constructor(
    readonly name: string,
    promise: PromiseLike<unknown>,
    span: Span,
    readonly filename: string | undefined,
    readonly source: string,
  ) {
    super(-1, promise, span);
  }
}

/**
 * Custom functions (the `functions` compile option) wrapped so that anything they throw becomes a ZephyrError
 * (`ZE_FUNCTION_FAILED`) at the call's span with the thrown value as `cause`. The engine's own signals (cancel,
 * a provider promise, limits) and ZephyrErrors pass through; a ZephyrError without a span gets the call's.
 */
function guarded(functions: Readonly<Record<string, FunctionDef>>): Record<string, FunctionDef> {
  const out: Record<string, FunctionDef> = Object.create(null);
  for (const [key, def] of Object.entries(functions)) {
    out[key] = {
      ...def,
      call(ctx, args) {
        try {
          return def.call(ctx, args);
        } catch (e) {
          if (e instanceof ZephyrError) {
            e.span ??= ctx.site;
            throw e;
          }
          if (e instanceof CancelSignal || e instanceof SuspendSignal || e instanceof PrintLimitError) throw e;
          if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
          const reason = e instanceof Error ? e.message : String(e);
          throw new ZephyrError({
            code: "ZE_FUNCTION_FAILED",
            message: `${def.name || key}() failed: ${reason}`,
            span: ctx.site,
            cause: e,
          });
        }
      },
    };
  }
  return out;
}

/** Parses and compiles a template once; throws a ZephyrError (code, span, frame) when it is not valid. */
export function compile(source: string, options: CompileOptions = {}): Template {
  return new Template(source, options);
}

/** Where `compileParsed` hands its tree to the constructor (a symbol no caller outside this module can name). */
const PARSED = Symbol("parsed");

/**
 * Compiles a tree that is what `parse(ast.source, options)` returns, without parsing again. Internal: the language
 * server's tree after an edit, rebuilt from the last one (its property test holds it equal to a whole parse).
 */
export function compileParsed(ast: TemplateAst, options: CompileOptions = {}): Template {
  return new Template(ast.source, { ...options, [PARSED]: ast } as CompileOptions);
}
