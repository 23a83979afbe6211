import {
  type AssignNode,
  type BinaryExpr,
  type CallExpr,
  type Expr,
  exprChildren,
  type ForeachNode,
  type IfNode,
  type MemberExpr,
  type Node,
  type OutputNode,
  type SelectNode,
  type SwitchNode,
  type TemplateAst,
  type TextNode,
} from "./ast.js";
import type { ZephyrErrorCode } from "./codes.js";
import { type Fix, ZephyrError } from "./errors.js";
import { arity, type FunctionDef, type ParamSpec } from "./functions/registry.js";
import {
  AT_VALUE,
  type EscapeHints,
  escapeJsonString,
  escapeJsonStringHinted,
  IN_ESCAPE,
  IN_STRING,
  type JsonState,
  jsonStateAfter,
  jsonTransitions,
  jsonValue,
  quoteJsonStringHinted,
} from "./json-context.js";
import { MEMORY_COST } from "./options.js";
import { BREAK, CONTINUE, NORMAL, type Runtime, type ScopeLayout, type Unit } from "./runtime.js";
import type { Span } from "./span.js";
import { planJsonStates } from "./static-json.js";
import { suggestFunction } from "./suggest.js";
import {
  describeType,
  equals,
  FloatValue,
  getNamedMember,
  isForbiddenMember,
  isPlainObject,
  Lambda,
  numberOf,
  print,
  printBrief,
  toNumber,
  truthy,
} from "./values.js";

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

interface CompileContext extends TemplatePlan {
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

/** Compiles a planned template for one output mode (`json` needs `plan.states`). */
export function compileTemplate(
  ast: TemplateAst,
  plan: TemplatePlan,
  mode: OutputMode,
  functions: Readonly<Record<string, FunctionDef>>,
  include: IncludeRunner,
): Ex {
  if (mode === "json" && plan.states === null) throw new Error("json output mode needs known JSON states");
  const { unit, layout, bindable, lateCalls, states } = plan;
  return body(ast.body, { unit, layout, bindable, lateCalls, states, mode, functions, include });
}

// ---- variables: slots when the layout knows the name, else by name ---------------------------------------------------

/** Reads a variable as an expression does: its assigned value, else the globals (strict: defined somewhere). */
function readVar(name: string, span: Span, ctx: CompileContext): Ev {
  const slot = ctx.layout?.slotOf.get(name);
  if (ctx.layout === null) return (rt) => rt.read(name, span);
  if (name === "profile" && slot === undefined) return (rt) => rt.profileData; // never assigned: always defined
  if (isForbiddenMember(name)) return (rt) => rt.readForbidden(name, span); // never bound, never a global
  if (slot === undefined) return (rt) => rt.readGlobal(name, span);
  if (name === "profile")
    return (rt) => {
      const v = rt.slots[slot];
      return v !== undefined ? v : rt.profileData;
    };
  return (rt) => {
    const v = rt.slots[slot];
    return v !== undefined ? v : rt.readGlobal(name, span);
  };
}

/** The assigned value or the global, never an error (the root of `x.y = …`). */
function lookupVar(name: string, ctx: CompileContext): Ev {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined) return (rt) => rt.lookup(name);
  return (rt) => {
    const v = rt.slots[slot];
    return v !== undefined ? v : rt.global(name);
  };
}

/** Sets a variable (the value is never undefined: callers store null for nothing). */
function writeVar(name: string, ctx: CompileContext): (rt: Runtime, v: unknown) => void {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined) return (rt, v) => void rt.vars.set(name, v);
  return (rt, v) => {
    rt.slots[slot] = v;
  };
}

/** The variable's own value, undefined when unset (to save and restore around a lambda or comprehension). */
function rawVar(name: string, ctx: CompileContext): Ev {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined) return (rt) => rt.vars.get(name);
  return (rt) => rt.slots[slot];
}

/** Puts back what `rawVar` saved (undefined unsets the variable). */
function restoreVar(name: string, ctx: CompileContext): (rt: Runtime, saved: unknown) => void {
  const slot = ctx.layout?.slotOf.get(name);
  if (slot === undefined)
    return (rt, saved) => void (saved === undefined ? rt.vars.delete(name) : rt.vars.set(name, saved));
  return (rt, saved) => {
    rt.slots[slot] = saved;
  };
}

function rootName(target: AssignNode["target"]): string {
  let e: Expr = target;
  while (e.type === "Member" || e.type === "Index") e = e.object;
  return e.type === "Identifier" ? e.name : "";
}

/** Visits every node and expression of a body. */
export function walk(body: readonly Node[], onNode: (n: Node) => void, onExpr: (e: Expr) => void): void {
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    onExpr(e);
    for (const child of exprChildren(e)) expr(child);
  };
  const nodes = (list: readonly Node[] | undefined): void => {
    for (const n of list ?? []) {
      onNode(n);
      switch (n.type) {
        case "Output":
          expr(n.expr);
          break;
        case "Assign":
          expr(n.target);
          expr(n.value);
          break;
        case "If":
          for (const b of n.branches) {
            expr(b.test);
            nodes(b.body);
          }
          nodes(n.alternate);
          break;
        case "Foreach":
          expr(n.iterable);
          nodes(n.body);
          break;
        case "Switch":
          expr(n.discriminant);
          for (const c of n.cases) {
            expr(c.test);
            nodes(c.body);
          }
          break;
        case "Select":
          for (const c of n.cases) {
            expr(c.test);
            nodes(c.body);
          }
          break;
        case "Include":
          expr(n.name);
          break;
      }
    }
  };
  nodes(body);
}

function compileError(
  ctx: CompileContext,
  code: ZephyrErrorCode,
  message: string,
  span: Span,
  hint?: string,
  fix?: Fix,
): ZephyrError {
  return new ZephyrError({ code, message, span, hint, fix, filename: ctx.unit.filename, source: ctx.unit.source });
}

// ---- statements -----------------------------------------------------------------------------------------------------

function block(stmts: Ex[]): Ex {
  switch (stmts.length) {
    case 0:
      return () => NORMAL;
    case 1:
      return stmts[0];
    case 2: {
      const [a, b] = stmts;
      return (rt) => a(rt) || b(rt);
    }
    default:
      return (rt) => {
        for (let i = 0; i < stmts.length; i++) {
          const flow = stmts[i](rt);
          if (flow !== NORMAL) return flow;
        }
        return NORMAL;
      };
  }
}

function body(nodes: readonly Node[], ctx: CompileContext): Ex {
  if (ctx.mode === "tracked") return block(nodes.map((n) => node(n, ctx)).filter((x): x is Ex => x !== undefined));
  // Adjacent text and output tags (comments in between render nothing) are written by one step.
  const stmts: Ex[] = [];
  let run: (TextNode | OutputNode)[] = [];
  const flush = () => {
    if (run.length > 0) stmts.push(outputRun(run, ctx));
    run = [];
  };
  for (const n of nodes) {
    if (n.type === "Text" || n.type === "Output") run.push(n);
    else if (n.type !== "Comment") {
      flush();
      const stmt = node(n, ctx);
      if (stmt) stmts.push(stmt);
    }
  }
  flush();
  return block(stmts);
}

// ---- text and values in the `json` and `plain` output modes --------------------------------------------------------

/** How a value is written: printed as is, or escaped for its JSON state (a whole string with its quotes: QUOTED). */
const PLAIN = 0;
const STRING = 1;
const QUOTED = 2;
const ESCAPE = 3;
const VALUE = 4;
const OUTSIDE_VALUE = 5;

/**
 * One step for a run of text and output tags: texts[0] v0 texts[1] v1 … texts[k]. In `json` mode each value's JSON
 * state is known, so its escaping is chosen here; a value that is a whole JSON string (`"{x}"`) takes the quotes
 * from the texts around it and is written whole, quotes included (by JSON.stringify when it needs escaping), as
 * hand-written code would.
 */
function outputRun(run: readonly (TextNode | OutputNode)[], ctx: CompileContext): Ex {
  const pieces: string[][] = [[]];
  /** The JSON state before each text (`json` mode), to tell an opening quote at its end from an escaped one. */
  const textStates: JsonState[] = [];
  const values: Ev[] = [];
  const kinds: number[] = [];
  const spans: Span[] = [];
  for (const n of run) {
    const last = pieces.length - 1;
    if (n.type === "Text") {
      textStates[last] ??= ctx.states?.get(n) ?? IN_STRING;
      pieces[last].push(n.value);
      continue;
    }
    values.push(expr(n.expr, ctx));
    spans.push(n.span);
    kinds.push(ctx.mode === "plain" ? PLAIN : valueKind(ctx.states?.get(n)));
    pieces.push([]);
  }
  // Joined once into flat strings (a chain of concatenations would be walked again by every render).
  const original = pieces.map((p) => p.join(""));
  const texts = original.slice();
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== STRING) continue;
    // texts[i] may have lent its first character to the value before; its last one must still be its own.
    if (texts[i].length > 0 && opensString(original[i], textStates[i]) && texts[i + 1].startsWith('"')) {
      texts[i] = texts[i].slice(0, -1);
      texts[i + 1] = texts[i + 1].slice(1);
      kinds[i] = QUOTED;
    }
  }
  const k = values.length;
  const head = texts[0];
  const span = run[run.length - 1].span;
  if (k === 0) {
    return (rt) => {
      const out = rt.out + head;
      rt.out = out;
      if (out.length > rt.options.limits.outputSize) throw rt.outputExceeded(span);
      return NORMAL;
    };
  }
  const hints: EscapeHints = new Array<number>(k).fill(0);
  return (rt) => {
    const limit = rt.options.limits.outputSize;
    let out = rt.out + head;
    try {
      for (let i = 0; i < k; i++) {
        out += formatValue(rt, kinds[i], values[i](rt), spans[i], limit, hints, i) + texts[i + 1];
        if (out.length > limit) throw rt.outputExceeded(spans[i]);
      }
    } catch (e) {
      rt.out = out; // a cancelled render keeps what was written before the cancel
      throw e;
    }
    rt.out = out;
    return NORMAL;
  };
}

function valueKind(state: JsonState | undefined): number {
  switch (state) {
    case IN_STRING:
      return STRING;
    case IN_ESCAPE:
      return ESCAPE;
    case AT_VALUE:
      return VALUE;
    default:
      return OUTSIDE_VALUE;
  }
}

/** Whether the `"` that ends `text` (entered in `state`) opens a JSON string, rather than being escaped in one. */
function opensString(text: string, state: JsonState): boolean {
  if (!text.endsWith('"')) return false;
  const s = jsonStateAfter(text.slice(0, -1), state);
  return s !== IN_STRING && s !== IN_ESCAPE;
}

function formatValue(
  rt: Runtime,
  kind: number,
  v: unknown,
  span: Span,
  limit: number,
  hints: EscapeHints,
  i: number,
): string {
  switch (kind) {
    case QUOTED:
      return quoteJsonStringHinted(typeof v === "string" ? v : printAt(rt, v, span, limit), hints, i);
    case STRING:
      return escapeJsonStringHinted(typeof v === "string" ? v : printAt(rt, v, span, limit), hints, i);
    case PLAIN:
      return typeof v === "string" ? v : printAt(rt, v, span, limit);
    case ESCAPE:
      // Right after a backslash in a JSON string: escape that backslash too, so the template's `\` stays literal.
      return `\\${escapeJsonString(typeof v === "string" ? v : printAt(rt, v, span, limit))}`;
    case VALUE:
      rt.site = span;
      return jsonValue(v, limit);
    default:
      // Outside a value position (the prelude, after a value) null prints nothing.
      if (v === null || v === undefined) return "";
      rt.site = span;
      return jsonValue(v, limit);
  }
}

/** Prints a non-string value; a value too large to print is reported at `span`. */
function printAt(rt: Runtime, v: unknown, span: Span, limit: number): string {
  rt.site = span;
  return print(v, limit);
}

function node(n: Node, ctx: CompileContext): Ex | undefined {
  switch (n.type) {
    case "Text": {
      const { value, span } = n;
      const transitions = jsonTransitions(value);
      return (rt) => {
        rt.text(value, transitions, span);
        return NORMAL;
      };
    }
    case "Comment":
      return undefined;
    case "Output": {
      const e = expr(n.expr, ctx);
      const span = n.span;
      return (rt) => {
        rt.write(e(rt), span);
        return NORMAL;
      };
    }
    case "Assign":
      return assign(n, ctx);
    case "If":
      return ifBlock(n, ctx);
    case "Foreach":
      return foreach(n, ctx);
    case "Switch":
      return switchBlock(n, ctx);
    case "Select":
      return selectBlock(n, ctx);
    case "Break":
      return () => BREAK;
    case "Continue":
      return () => CONTINUE;
    case "Include": {
      const name = expr(n.name, ctx);
      const span = n.span;
      const run = ctx.include;
      return (rt) => run(rt, name(rt), span);
    }
  }
}

function assign(n: AssignNode, ctx: CompileContext): Ex {
  const value = expr(n.value, ctx);
  const target = n.target;
  if (target.type === "Identifier") {
    const name = target.name;
    if (isForbiddenMember(name))
      throw compileError(ctx, "ZE_ASSIGN", `'${name}' cannot be used as a variable name`, target.span);
    const slot = ctx.layout?.slotOf.get(name);
    const span = n.span;
    if (slot !== undefined)
      return (rt) => {
        const v = value(rt);
        if (rt.loops !== null) rt.checkAssign(name, rt.slots[slot] ?? rt.global(name), span);
        rt.slots[slot] = v === undefined ? null : v;
        return NORMAL;
      };
    const write = writeVar(name, ctx);
    return (rt) => {
      const v = value(rt);
      if (rt.loops !== null) rt.checkAssign(name, rt.lookup(name), span);
      write(rt, v === undefined ? null : v);
      return NORMAL;
    };
  }
  // x.y[i].z = v: walk from the root variable, copying containers this render does not own yet.
  const path: { key: Ev; span: Span }[] = [];
  let e: Expr = target;
  while (e.type === "Member" || e.type === "Index") {
    if (e.type === "Member") {
      const property = e.property;
      path.unshift({ key: () => property, span: e.span });
    } else path.unshift({ key: expr(e.index, ctx), span: e.span });
    e = e.object;
  }
  if (e.type !== "Identifier")
    throw compileError(ctx, "ZE_ASSIGN", "only a variable's members can be assigned (x.y = …, x[i] = …)", target.span);
  const rootName = e.name;
  const what = `'${ctx.unit.source.slice(target.span.offset, target.span.endOffset)}'`;
  const readRoot = lookupVar(e.name, ctx);
  const writeRoot = writeVar(e.name, ctx);
  return (rt) => {
    const keys = path.map((p) => p.key(rt));
    const v = value(rt);
    const root = readRoot(rt);
    /** The container written into, as it was before this render copied it (a loop may be iterating it). */
    let direct = root;
    let container = containerFor(rt, root, path[0].span);
    writeRoot(rt, container);
    for (let i = 0; i < keys.length - 1; i++) {
      const key = checkKey(rt, container, keys[i], path[i].span);
      const current = (container as Record<string, unknown>)[key];
      direct = current;
      const next = containerFor(rt, current, path[i + 1].span);
      (container as Record<string, unknown>)[key] = next;
      container = next;
    }
    const last = checkKey(rt, container, keys[keys.length - 1], target.span);
    if (rt.loops !== null) {
      // Changing a member of what a loop iterates, or replacing it (changing an item's own members is fine).
      rt.checkContainer(direct, keys.length === 1 ? `'${rootName}'` : what, n.span);
      rt.checkContainer((container as Record<string, unknown>)[last], what, n.span);
    }
    rt.alloc(MEMORY_COST.objectEntry, target.span); // the member may be a new one
    (container as Record<string, unknown>)[last] = v === undefined ? null : v;
    return NORMAL;
  };
}

/** An owned object or list to assign into; a missing container becomes a new object. */
function containerFor(rt: Runtime, current: unknown, span: Span): object {
  if (current === null || current === undefined) return rt.own({}, span);
  if (Array.isArray(current) || isPlainObject(current)) return rt.own(current, span);
  throw rt.error("ZE_ASSIGN", `cannot set a member of ${describeType(current)}`, span);
}

function checkKey(rt: Runtime, container: object, key: unknown, span: Span): string | number {
  if (Array.isArray(container)) {
    const i = typeof key === "number" ? key : toNumber(key);
    if (i === undefined || !Number.isInteger(i) || i < 0 || i > container.length) {
      throw rt.error(
        "ZE_ASSIGN",
        `list index ${printBrief(key)} is out of range (the list has ${container.length} items)`,
        span,
      );
    }
    return i;
  }
  const n = numberOf(key); // a float key names the member its number does, as getMember reads it
  const k = typeof key === "string" ? key : n !== undefined ? print(n) : undefined;
  if (k === undefined) throw rt.error("ZE_ASSIGN", `an object key must be a string, got ${describeType(key)}`, span);
  if (isForbiddenMember(k)) throw rt.error("ZE_ASSIGN", `'${k}' cannot be used as a key`, span);
  return k;
}

function ifBlock(n: IfNode, ctx: CompileContext): Ex {
  const tests = n.branches.map((b) => expr(b.test, ctx));
  const bodies = n.branches.map((b) => body(b.body, ctx));
  const alternate = n.alternate ? body(n.alternate, ctx) : undefined;
  if (tests.length === 1) {
    const [test] = tests;
    const [then] = bodies;
    return alternate
      ? (rt) => (truthy(test(rt)) ? then(rt) : alternate(rt))
      : (rt) => (truthy(test(rt)) ? then(rt) : NORMAL);
  }
  return (rt) => {
    for (let i = 0; i < tests.length; i++) if (truthy(tests[i](rt))) return bodies[i](rt);
    return alternate ? alternate(rt) : NORMAL;
  };
}

function foreach(n: ForeachNode, ctx: CompileContext): Ex {
  const iterable = expr(n.iterable, ctx);
  const run = body(n.body, ctx);
  const openSpan = n.openSpan;
  const setKey = n.key === undefined ? undefined : writeVar(n.key, ctx);
  const setValue = writeVar(n.value, ctx);
  const valueSlot = ctx.layout?.slotOf.get(n.value);
  const keySlot = n.key === undefined ? -1 : ctx.layout?.slotOf.get(n.key);
  const name = n.iterable.type === "Identifier" ? n.iterable.name : undefined;
  return (rt) => {
    const coll = iterable(rt);
    if (coll === null || coll === undefined) return NORMAL;
    // While the loop runs, changing what it iterates is an error (design.md §3).
    if (typeof coll === "object") rt.enterLoop(coll, name, openSpan);
    const flow = iterate(rt, coll);
    if (typeof coll === "object") rt.exitLoop();
    return flow;
  };
  function iterate(rt: Runtime, coll: unknown): number {
    if (Array.isArray(coll) && valueSlot !== undefined && keySlot !== undefined) {
      // The usual loop: a list, loop variables in slots.
      const slots = rt.slots;
      for (let i = 0; i < coll.length; i++) {
        rt.step(openSpan);
        if (keySlot >= 0) slots[keySlot] = i;
        const item = coll[i];
        slots[valueSlot] = item === undefined ? null : item;
        if (run(rt) === BREAK) break;
      }
      return NORMAL;
    }
    if (Array.isArray(coll)) {
      for (let i = 0; i < coll.length; i++) {
        rt.step(openSpan);
        if (setKey) setKey(rt, i);
        const item = coll[i];
        setValue(rt, item === undefined ? null : item);
        if (run(rt) === BREAK) break;
      }
      return NORMAL;
    }
    if (isPlainObject(coll)) {
      for (const k of Object.keys(coll)) {
        rt.step(openSpan);
        if (setKey) setKey(rt, k);
        setValue(rt, normalize(coll[k]));
        if (run(rt) === BREAK) break;
      }
      return NORMAL;
    }
    throw rt.error("ZE_TYPE", `{foreach} needs a list or an object, got ${describeType(coll)}`, n.iterable.span);
  }
}

function switchBlock(n: SwitchNode, ctx: CompileContext): Ex {
  const discriminant = expr(n.discriminant, ctx);
  const tests = n.cases.map((c) => expr(c.test, ctx));
  const bodies = n.cases.map((c) => body(c.body, ctx));
  return (rt) => {
    const d = discriminant(rt);
    for (let i = 0; i < tests.length; i++) if (equals(d, tests[i](rt))) return bodies[i](rt);
    return NORMAL;
  };
}

/** `{select}`: every case is evaluated; the highest number wins; ties (and all-zero) go to the earlier case. */
function selectBlock(n: SelectNode, ctx: CompileContext): Ex {
  const tests = n.cases.map((c) => expr(c.test, ctx));
  const bodies = n.cases.map((c) => body(c.body, ctx));
  return (rt) => {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < tests.length; i++) {
      const v = tests[i](rt);
      const score = toNumber(v) ?? (truthy(v) ? 1 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best < 0 ? NORMAL : bodies[best](rt);
  };
}

// ---- expressions ----------------------------------------------------------------------------------------------------

export function expr(e: Expr, ctx: CompileContext): Ev {
  switch (e.type) {
    case "Literal": {
      const v = e.value;
      return () => v;
    }
    case "Identifier":
      return readVar(e.name, e.span, ctx);
    case "Member":
      return memberChain(e, ctx);
    case "Index": {
      const object = expr(e.object, ctx);
      const span = e.span;
      const key = e.index.type === "Literal" ? e.index.value : undefined;
      if (typeof key === "number" && Number.isInteger(key) && key >= 0) {
        // `items[0]`: a list read directly; anything else as the runtime reads members.
        return (rt) => {
          const o = object(rt);
          return Array.isArray(o) && key < o.length ? o[key] : rt.member(o, key, span);
        };
      }
      const index = expr(e.index, ctx);
      return (rt) => rt.member(object(rt), index(rt), span);
    }
    case "Call":
      return call(e, ctx);
    case "Unary": {
      const operand = expr(e.operand, ctx);
      const span = e.span;
      if (e.operator === "!") return (rt) => !truthy(operand(rt));
      return (rt) => {
        const v = operand(rt);
        return v instanceof FloatValue ? new FloatValue(-v.value) : -arith(rt, v, span, "-");
      };
    }
    case "Binary":
      return binary(e, ctx);
    case "Logical": {
      const left = expr(e.left, ctx);
      const right = expr(e.right, ctx);
      return e.operator === "&&"
        ? (rt) => truthy(left(rt)) && truthy(right(rt))
        : (rt) => truthy(left(rt)) || truthy(right(rt));
    }
    case "Conditional": {
      const test = expr(e.test, ctx);
      const consequent = expr(e.consequent, ctx);
      const alternate = expr(e.alternate, ctx);
      return (rt) => (truthy(test(rt)) ? consequent(rt) : alternate(rt));
    }
    case "Elvis": {
      const left = expr(e.left, ctx);
      const right = expr(e.right, ctx);
      return (rt) => {
        const v = left(rt);
        return truthy(v) ? v : right(rt);
      };
    }
    case "Array": {
      const constant = constantValue(e);
      if (constant !== NOT_CONSTANT) return () => constant;
      const elements = e.elements.map((x) => expr(x, ctx));
      const cost = MEMORY_COST.value + MEMORY_COST.listElement * elements.length;
      const span = e.span;
      return (rt) => {
        rt.alloc(cost, span);
        return elements.map((el) => normalize(el(rt)));
      };
    }
    case "Object": {
      const constant = constantValue(e);
      if (constant !== NOT_CONSTANT) return () => constant;
      const entries = e.entries.map((x) => {
        if (isForbiddenMember(x.key))
          throw compileError(ctx, "ZE_ASSIGN", `'${x.key}' cannot be used as a key`, x.span);
        return { key: x.key, value: expr(x.value, ctx) };
      });
      const cost = MEMORY_COST.value + MEMORY_COST.objectEntry * entries.length;
      const span = e.span;
      return (rt) => {
        rt.alloc(cost, span);
        const o: Record<string, unknown> = {};
        for (const x of entries) o[x.key] = normalize(x.value(rt));
        return o;
      };
    }
    case "Lambda": {
      const params = e.params;
      const fnBody = expr(e.body, ctx);
      const span = e.span;
      const raw = params.map((p) => rawVar(p, ctx));
      const write = params.map((p) => writeVar(p, ctx));
      const restore = params.map((p) => restoreVar(p, ctx));
      return (rt) => {
        rt.alloc(MEMORY_COST.lambda, span);
        return new Lambda(params, (args) => {
          rt.enter(span);
          const saved = raw.map((get) => get(rt));
          for (let i = 0; i < params.length; i++) write[i](rt, normalize(args[i]));
          const result = fnBody(rt);
          for (let i = 0; i < params.length; i++) restore[i](rt, saved[i]);
          rt.depth--;
          return result;
        });
      };
    }
    case "Comprehension": {
      const element = expr(e.element, ctx);
      const iterable = expr(e.iterable, ctx);
      const condition = e.condition ? expr(e.condition, ctx) : undefined;
      const span = e.span;
      const raw = rawVar(e.variable, ctx);
      const write = writeVar(e.variable, ctx);
      const restore = restoreVar(e.variable, ctx);
      return (rt) => {
        const coll = iterable(rt);
        const items = Array.isArray(coll)
          ? coll
          : isPlainObject(coll)
            ? Object.keys(coll)
            : coll === null || coll === undefined
              ? []
              : undefined;
        if (!items)
          throw rt.error(
            "ZE_TYPE",
            `a list comprehension needs a list or an object, got ${describeType(coll)}`,
            e.iterable.span,
          );
        const saved = raw(rt);
        const out: unknown[] = [];
        rt.alloc(MEMORY_COST.value, span);
        for (const item of items) {
          rt.step(span);
          write(rt, normalize(item));
          if (condition && !truthy(condition(rt))) continue;
          out.push(normalize(element(rt)));
          rt.alloc(MEMORY_COST.listElement, span);
        }
        restore(rt, saved);
        return out;
      };
    }
  }
}

/**
 * `a.b.c`: one step reads the whole chain of names (a forbidden name ends the chain and reads nothing). Reading a
 * member of null is the runtime's business (nothing, or an error in strict mode), at that member's span.
 */
function memberChain(e: MemberExpr, ctx: CompileContext): Ev {
  const keys: string[] = [];
  const spans: Span[] = [];
  let base: Expr = e;
  while (base.type === "Member" && !isForbiddenMember(base.property)) {
    keys.unshift(base.property);
    spans.unshift(base.span);
    base = base.object;
  }
  if (keys.length === 0) {
    const object = expr(e.object, ctx);
    const { property, span } = e;
    return (rt) => rt.member(object(rt), property, span);
  }
  const object = expr(base, ctx);
  if (keys.length === 1) {
    const [key] = keys;
    const [span] = spans;
    return (rt) => {
      const o = object(rt);
      return o === null || o === undefined ? rt.member(o, key, span) : getNamedMember(o, key);
    };
  }
  if (keys.length === 2) {
    const [k1, k2] = keys;
    const [s1, s2] = spans;
    return (rt) => {
      const o = object(rt);
      if (o === null || o === undefined) return rt.member(o, k1, s1);
      const v = getNamedMember(o, k1);
      return v === null || v === undefined ? rt.member(v, k2, s2) : getNamedMember(v, k2);
    };
  }
  return (rt) => {
    let o = object(rt);
    for (let i = 0; i < keys.length; i++) {
      if (o === null || o === undefined) return rt.member(o, keys[i], spans[i]);
      o = getNamedMember(o, keys[i]);
    }
    return o;
  };
}

function normalize(v: unknown): unknown {
  return v === undefined ? null : v;
}

const NOT_CONSTANT = Symbol("not constant");

/** Literal-only arrays and objects are built once and frozen (assignments copy before changing anything). */
function constantValue(e: Expr): unknown {
  switch (e.type) {
    case "Literal":
      return e.value;
    case "Array": {
      const out: unknown[] = [];
      for (const x of e.elements) {
        const v = constantValue(x);
        if (v === NOT_CONSTANT) return NOT_CONSTANT;
        out.push(v);
      }
      return Object.freeze(out);
    }
    case "Object": {
      const out: Record<string, unknown> = {};
      for (const x of e.entries) {
        const v = constantValue(x.value);
        if (v === NOT_CONSTANT || isForbiddenMember(x.key)) return NOT_CONSTANT;
        out[x.key] = v;
      }
      return Object.freeze(out);
    }
    default:
      return NOT_CONSTANT;
  }
}

function binary(e: BinaryExpr, ctx: CompileContext): Ev {
  const left = expr(e.left, ctx);
  const right = expr(e.right, ctx);
  const span = e.span;
  switch (e.operator) {
    case "+": {
      // Concatenation with a string literal (`"Hi, " + name`), the usual case, skips add()'s type dispatch.
      if (e.left.type === "Literal" && typeof e.left.value === "string") {
        const a = e.left.value;
        return (rt) => {
          const b = right(rt);
          return typeof b === "string" ? rt.checkString(a + b, span) : add(rt, a, b, span);
        };
      }
      if (e.right.type === "Literal" && typeof e.right.value === "string") {
        const b = e.right.value;
        return (rt) => {
          const a = left(rt);
          return typeof a === "string" ? rt.checkString(a + b, span) : add(rt, a, b, span);
        };
      }
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "string" && typeof b === "string" ? rt.checkString(a + b, span) : add(rt, a, b, span);
      };
    }
    case "-":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" ? a - b : arithmetic(rt, a, b, span, "-");
      };
    case "*":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" ? a * b : arithmetic(rt, a, b, span, "*");
      };
    case "/":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" && b !== 0 ? a / b : arithmetic(rt, a, b, span, "/");
      };
    case "%":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" && b !== 0 ? a % b : arithmetic(rt, a, b, span, "%");
      };
    case "==":
      return (rt) => compareEqual(rt, left(rt), right(rt), span);
    case "!=":
      return (rt) => !compareEqual(rt, left(rt), right(rt), span);
    case "<":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" ? a < b : compare(rt, a, b, span) < 0;
      };
    case "<=":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" ? a <= b : compare(rt, a, b, span) <= 0;
      };
    case ">":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" ? a > b : compare(rt, a, b, span) > 0;
      };
    case ">=":
      return (rt) => {
        const a = left(rt);
        const b = right(rt);
        return typeof a === "number" && typeof b === "number" ? a >= b : compare(rt, a, b, span) >= 0;
      };
  }
}

/** `==` with the steps limit bounding structural comparison (lists and objects that share parts). */
function compareEqual(rt: Runtime, a: unknown, b: unknown, span: Span): boolean {
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
function chargeRead(rt: Runtime, units: number, span: Span): void {
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
function arithmetic(rt: Runtime, a: unknown, b: unknown, span: Span, op: "-" | "*" | "/" | "%"): unknown {
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
function arith(rt: Runtime, v: unknown, span: Span, op: string): number {
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
function compare(rt: Runtime, a: unknown, b: unknown, span: Span): number {
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

// ---- calls ----------------------------------------------------------------------------------------------------------

function call(e: CallExpr, ctx: CompileContext): Ev {
  const args = e.args.map((a) => expr(a, ctx));
  const span = e.span;
  if (e.callee.type === "Identifier") {
    const name = e.callee.name;
    const def = ctx.functions[name];
    if (def) return builtinCall(def, args, e, ctx);
    if (!ctx.bindable.has(name) && !ctx.lateCalls) {
      const suggestion = suggestFunction(name, Object.keys(ctx.functions));
      throw compileError(
        ctx,
        "ZE_UNKNOWN_FUNCTION",
        `unknown function '${name}'`,
        e.callee.span,
        suggestion ? `did you mean ${suggestion}()?` : undefined,
        suggestion ? { title: `call ${suggestion}()`, span: e.callee.span, replacement: suggestion } : undefined,
      );
    }
  }
  const callee = expr(e.callee, ctx);
  return (rt) => {
    const fn = callee(rt);
    if (!(fn instanceof Lambda))
      throw rt.error("ZE_NOT_CALLABLE", `${describeCallee(e)} is not a function (it is ${describeType(fn)})`, span);
    rt.step(span);
    return fn.invoke(args.map((a) => a(rt)));
  };
}

function describeCallee(e: CallExpr): string {
  return e.callee.type === "Identifier" ? `'${e.callee.name}'` : "the called value";
}

function builtinCall(def: FunctionDef, args: Ev[], e: CallExpr, ctx: CompileContext): Ev {
  const { min, max } = arity(def.params);
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} to ${max}`;
    throw compileError(
      ctx,
      "ZE_ARITY",
      `${def.name}() takes ${expected} argument${expected === "1" ? "" : "s"}, got ${args.length}`,
      e.span,
      `signature: ${def.signature}`,
    );
  }
  const span = e.span;
  const charged = def.returnsData !== true; // what a function builds counts against the memory limit
  const specs = args.map((_, i) => paramAt(def.params, i));
  const n = args.length;
  if (n === 1 && !def.unavailable) {
    // One argument (upper(x), personalize({...})): no argument loop; a string where a string is wanted is taken as is.
    const [arg] = args;
    const [spec] = specs;
    const isString = spec.type === "string";
    return (rt) => {
      const v = arg(rt);
      const values = [isString && typeof v === "string" ? v : checkArg(rt, def, spec, 0, v, span)];
      rt.step(span);
      const prev = rt.site;
      rt.site = span;
      const result = def.call(rt, values);
      if (charged) rt.allocValue(result);
      rt.site = prev;
      return result;
    };
  }
  return (rt) => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = checkArg(rt, def, specs[i], i, args[i](rt), span);
    rt.step(span);
    if (def.unavailable) {
      if (rt.options.stub && def.stub) {
        rt.notice(
          def.name,
          "ZI_PLATFORM_STUB",
          `${def.name}() is a preview placeholder here (platform: stub): it ${def.stub.placeholder}`,
          span,
        );
        const prev = rt.site;
        rt.site = span;
        const result = def.stub.call(rt, values);
        rt.site = prev;
        return result;
      }
      throw rt.error(
        "ZE_UNAVAILABLE",
        `${def.name}() is not available outside Sailthru: ${def.unavailable}`,
        span,
        "preview it with platform stubs (CLI: --platform stub, the default of preview and serve), or guard the call",
      );
    }
    const prev = rt.site;
    rt.site = span;
    const result = def.call(rt, values);
    if (charged) rt.allocValue(result);
    rt.site = prev;
    return result;
  };
}

function paramAt(params: readonly ParamSpec[], i: number): ParamSpec {
  if (i < params.length) return params[i];
  return params[params.length - 1]; // a rest parameter
}

const LENIENT_NULL: Partial<Record<ParamSpec["type"], () => unknown>> = {
  string: () => "",
  number: () => 0,
  list: () => [],
  object: () => ({}),
  collection: () => [],
};

/** Checks (and coerces) one argument against its declared type; errors carry the function's signature. */
function checkArg(rt: Runtime, def: FunctionDef, spec: ParamSpec, i: number, v: unknown, span: Span): unknown {
  const type = spec.type;
  if (type === "any") return v === undefined ? null : v;
  if (v === null || v === undefined) {
    if (spec.nullable) return null;
    const fallback = LENIENT_NULL[type];
    if (!rt.strict && fallback) return fallback();
    if (!rt.strict && type === "boolean") return false;
    throw argError(rt, def, spec, i, v, span);
  }
  switch (type) {
    case "string":
      if (typeof v === "string") return v;
      if (typeof v === "number" || typeof v === "boolean" || v instanceof FloatValue) return print(v);
      break;
    case "number": {
      const num =
        typeof v === "number" ? v : typeof v === "string" || v instanceof FloatValue ? toNumber(v) : undefined;
      if (num !== undefined) return num;
      break;
    }
    case "boolean":
      return truthy(v);
    case "list":
      if (Array.isArray(v)) return v;
      break;
    case "object":
      if (isPlainObject(v)) return v;
      break;
    case "collection":
      if (Array.isArray(v) || isPlainObject(v) || typeof v === "string") return v;
      break;
    case "lambda":
      if (v instanceof Lambda) return v;
      break;
  }
  throw argError(rt, def, spec, i, v, span);
}

function argError(rt: Runtime, def: FunctionDef, spec: ParamSpec, i: number, v: unknown, span: Span): ZephyrError {
  const wanted =
    spec.type === "collection"
      ? "a list, an object or a string"
      : spec.type === "object"
        ? "an object"
        : `a ${spec.type}`;
  return rt.error(
    "ZE_ARGUMENT_TYPE",
    `${def.name}() expects ${wanted} as argument ${i + 1} (${spec.name}), got ${describeType(v)}`,
    span,
    `signature: ${def.signature}`,
  );
}
