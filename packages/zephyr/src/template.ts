import type { TemplateAst } from "./ast.js";
import { compileTemplate, type Ex, type OutputMode, planTemplate, type TemplatePlan } from "./compiler.js";
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
}

/**
 * A compiled template: immutable, and safe to share across concurrent renders.
 * Rendering runs the closures built once at compile time; it never looks at the AST again.
 */
export class Template {
  readonly filename: string | undefined;
  readonly source: string;
  readonly ast: TemplateAst;
  /** Where this template's variables live (see compiler.ts); null for name-keyed scopes. */
  readonly layout: ScopeLayout | null;
  private readonly plan: TemplatePlan;
  /** The compiled code per output mode (see compiler.ts), built on first use; payload mode is built eagerly. */
  private readonly runs: Partial<Record<OutputMode, Ex>> = {};
  /** The code of the usual render (payload mode, no segments), kept at hand. */
  private readonly payloadRun: Ex | undefined;
  private readonly snippet: boolean;
  private readonly functions: Readonly<Record<string, FunctionDef>>;
  private readonly limits: Partial<Limits> | undefined;
  /** Compiled snippets, per resolver (a resolver is a snippet directory; entries live as long as it does). */
  private readonly snippetCache = new WeakMap<SnippetResolver, Map<string, Template>>();
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
      ? Object.freeze(Object.assign(Object.create(null), BUILTINS, options.functions))
      : BUILTINS;
    this.ast = parse(source, { filename: options.filename, limits: options.limits });
    this.plan = planTemplate(this.ast, this.functions, this.snippet);
    this.layout = this.plan.layout;
    // Compile errors (unknown functions, arity) surface here, not at the first render.
    const payloadRun = this.code(this.snippet ? "tracked" : this.plan.states ? "json" : "tracked");
    this.payloadRun = this.snippet ? undefined : payloadRun;
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
    for (;;) {
      try {
        return this.execute(input, resolved, settled);
      } catch (e) {
        if (!(e instanceof SuspendSignal)) throw e;
        settled.set(e.index, await this.awaitProvider(e, resolved.limits.providerTimeoutMs));
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

  private execute(input: RenderInput, options: ResolvedRender, settled: Map<number, unknown> | null): RenderResult {
    const rt = new Runtime(this, input, options, settled);
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

  private async awaitProvider(s: SuspendSignal, timeoutMs: number): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
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
    let cache = this.snippetCache.get(resolver);
    if (!cache) this.snippetCache.set(resolver, (cache = new Map()));
    let snippet = cache.get(name);
    if (!snippet) {
      let source: string | undefined;
      try {
        source = resolver(name);
      } catch (e) {
        // A snippet that cannot be used (not a regular file, too large, not UTF-8) is an error at the {include}.
        throw rt.error("ZE_INCLUDE", `cannot include '${name}': ${e instanceof Error ? e.message : String(e)}`, span);
      }
      if (source === undefined) throw rt.error("ZE_INCLUDE", `snippet '${name}' was not found`, span);
      snippet = new Template(source, { filename: name, limits: this.limits, functions: this.functions, snippet: true });
      cache.set(name, snippet);
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

/** Parses and compiles a template once; throws a ZephyrError (code, span, frame) when it is not valid. */
export function compile(source: string, options: CompileOptions = {}): Template {
  return new Template(source, options);
}
