import type {
  AssignNode,
  Expr,
  ForeachNode,
  IfNode,
  Node,
  OutputNode,
  SelectNode,
  SwitchNode,
  TemplateAst,
  TextNode,
} from "../ast.js";
import type { FunctionDef } from "../functions/registry.js";
import { jsonTransitions } from "../json-context.js";
import { MEMORY_COST } from "../options.js";
import { BREAK, CONTINUE, NORMAL, type Runtime } from "../runtime.js";
import type { Span } from "../span.js";
import {
  describeType,
  equals,
  isForbiddenMember,
  isPlainObject,
  numberOf,
  print,
  printBrief,
  toNumber,
  truthy,
} from "../values.js";
import { expr, normalize } from "./expressions.js";
import { outputRun } from "./output.js";
import {
  type CompileContext,
  compileError,
  type Ev,
  type Ex,
  type IncludeRunner,
  type OutputMode,
  type TemplatePlan,
} from "./plan.js";
import { lookupVar, writeVar } from "./variables.js";

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

export function node(n: Node, ctx: CompileContext): Ex | undefined {
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
