import { type AssignNode, type Expr, type OutputNode, type TemplateAst, type TextNode, walk } from "../ast.js";
import type { ZephyrErrorCode } from "../codes.js";
import { type Fix, ZephyrError } from "../errors.js";
import type { FunctionDef } from "../functions/registry.js";
import type { JsonState } from "../json-context.js";
import type { Runtime, ScopeLayout, Unit } from "../runtime.js";
import type { Span } from "../span.js";
import { planJsonStates } from "../static-json.js";
import { isForbiddenMember } from "../values.js";

/** A compiled expression. */
export type Ev = (rt: Runtime) => unknown;
/** A compiled statement; returns NORMAL, BREAK or CONTINUE. */
export type Ex = (rt: Runtime) => number;

/** Runs an `{include}`; provided by the template layer (which owns snippet compilation and caching). */
export type IncludeRunner = (rt: Runtime, name: unknown, span: Span) => number;

/**
 * How a compiled template writes text and values:
 * - `tracked`: every write goes through the runtime, which follows the JSON state as the render goes and records
 *   segments when asked (any render with `segments`; payload mode when the states are not known at compile time;
 *   snippets).
 * - `json`: payload mode with every tag's JSON state known at compile time (see static-json.ts): runs of adjacent
 *   text and output tags become one step that writes precomputed text and escapes each value for its known state.
 * - `plain`: no escaping and no segments: runs of text and values are simply printed.
 */
export type OutputMode = "tracked" | "json" | "plain";

/** What compiling needs to know about a template, worked out once for all its output modes. */
export interface TemplatePlan {
  readonly unit: Unit;
  /** Slots for the names this template binds, or null when variables must be kept by name. */
  readonly layout: ScopeLayout | null;
  /** Names the template may hold a lambda in: assigned names, loop variables, lambda and comprehension parameters. */
  readonly bindable: ReadonlySet<string>;
  /** With an `{include}`, a snippet may define lambdas the template calls, so unknown calls wait for run time. */
  readonly lateCalls: boolean;
  /** The JSON state before each text and output tag, when the literal text fixes them all (else `json` mode is off). */
  readonly states: ReadonlyMap<TextNode | OutputNode, JsonState> | null;
}

export interface CompileContext extends TemplatePlan {
  mode: OutputMode;
  functions: Readonly<Record<string, FunctionDef>>;
  include: IncludeRunner;
}

/**
 * Plans a template. `dynamicScope` keeps variables by name (snippets share their includer's scope); otherwise,
 * when every name a render can set is known here, each gets a slot.
 */
export function planTemplate(
  ast: TemplateAst,
  functions: Readonly<Record<string, FunctionDef>>,
  dynamicScope: boolean,
): TemplatePlan {
  const bindable = new Set<string>();
  let lateCalls = false;
  let computedNames = false;
  walk(
    ast.body,
    (n) => {
      if (n.type === "Include") lateCalls = true;
      if (n.type === "Assign") bindable.add(rootName(n.target));
      if (n.type === "Foreach") {
        bindable.add(n.value);
        if (n.key) bindable.add(n.key);
      }
    },
    (e) => {
      if (e.type === "Lambda") for (const p of e.params) bindable.add(p);
      if (e.type === "Comprehension") bindable.add(e.variable);
      if (e.type === "Call" && e.callee.type === "Identifier" && functions[e.callee.name]?.namesVariable) {
        const first = e.args[0];
        if (first?.type === "Literal" && typeof first.value === "string") bindable.add(first.value);
        else computedNames = true;
      }
    },
  );
  let layout: ScopeLayout | null = null;
  if (!dynamicScope && !lateCalls && !computedNames) {
    const slotOf = new Map<string, number>();
    for (const name of bindable) if (name && !isForbiddenMember(name)) slotOf.set(name, slotOf.size);
    layout = { slotOf, count: slotOf.size };
  }
  const unit: Unit = { filename: ast.filename, source: ast.source, layout };
  const states = dynamicScope ? null : planJsonStates(ast.body);
  return { unit, layout, bindable, lateCalls, states };
}

export function rootName(target: AssignNode["target"]): string {
  let e: Expr = target;
  while (e.type === "Member" || e.type === "Index") e = e.object;
  return e.type === "Identifier" ? e.name : "";
}

export function compileError(
  ctx: CompileContext,
  code: ZephyrErrorCode,
  message: string,
  span: Span,
  hint?: string,
  fix?: Fix,
): ZephyrError {
  return new ZephyrError({ code, message, span, hint, fix, filename: ctx.unit.filename, source: ctx.unit.source });
}
