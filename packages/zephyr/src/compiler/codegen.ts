/**
 * The JavaScript backend: the same plan and runtime helpers as the closures, emitted as one function per template
 * and output mode. Safety (design.md §6): the source is built from the fixed fragments below only. Template text
 * (names, strings, numbers, comments) never becomes code: every literal, name, span and precomputed table reaches
 * the code as an index into the constants array `K`, except member names, which are JSON-encoded string constants
 * (`t["title"]`, so each read site has its own inline cache); variables are numbered slots (`rt.slots[3]`, or the local
 * `s3` when nothing but the generated code can reach them); functions are
 * registry definitions in `K`; member reads go through the sandboxed `getNamedMember` / `rt.member`. The only
 * numbers written into the source are indexes, slots and output kinds the emitter itself computed.
 *
 * What the emitter does not handle is compiled by the closure compiler and called from the generated code (`F[i]`):
 * lambdas, list comprehensions, array and object literals that are not constant, calls of lambdas (non-built-in
 * callees), `{select}`, assignments to members (`x.y = …`). Errors, limits and spans are therefore the closures'
 * own there, and the rest charges exactly where the closures charge.
 */
import type {
  AssignNode,
  BinaryExpr,
  CallExpr,
  Expr,
  ForeachNode,
  MemberExpr,
  Node,
  OutputNode,
  TemplateAst,
  TextNode,
} from "../ast.js";
import { BUILTINS } from "../functions/index.js";
import { arity, type FunctionDef, type ParamSpec } from "../functions/registry.js";
import { escapeJsonStringHinted, jsonTransitions, quoteJsonStringHinted } from "../json-context.js";
import { add, arith, arithmetic, compare, compareEqual } from "../operators.js";
import type { Runtime } from "../runtime.js";
import {
  describeType,
  equals,
  FloatValue,
  getNamedMember,
  isForbiddenMember,
  isPlainObject,
  truthy,
} from "../values.js";
import { checkArg, invokeBuiltin, paramAt } from "./calls.js";
import { constantValue, expr, NOT_CONSTANT } from "./expressions.js";
import { formatValue, planRun, printAt, QUOTED, STRING } from "./output.js";
import type { CompileContext, Ex, IncludeRunner, OutputMode, TemplatePlan } from "./plan.js";
import { node } from "./statements.js";

/**
 * A string as a JSON string literal that is also a safe JavaScript one on one line (`<`, U+2028, U+2029 escaped):
 * the one way template text (a member name) appears in generated source, as design.md §6 allows.
 */
export function jsonConstant(text: string): string {
  return JSON.stringify(text).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What the generated code calls besides `rt` (bound once per generated function). */
export const HELPERS = Object.freeze({
  getPrototypeOf: Object.getPrototypeOf,
  OBJECT_PROTOTYPE: Object.prototype,
  truthy,
  equals,
  getNamedMember,
  isPlainObject,
  describeType,
  FloatValue,
  add,
  arith,
  arithmetic,
  compare,
  compareEqual,
  checkArg,
  invokeBuiltin,
  formatValue,
  printAt,
  quoteJsonStringHinted,
  escapeJsonStringHinted,
});
export type Helpers = typeof HELPERS;

/** The generated function's factory: `(K, F, H) => (rt) => flow`. */
export type Factory = (K: readonly unknown[], F: readonly unknown[], H: Helpers) => Ex;

/** A template compiled to JavaScript: the factory's body, and the constants and closures it is given. */
export interface Generated {
  /** The body of the factory (parameters `K`, `F`, `H`): fixed fragments, indexes and slots only. */
  readonly source: string;
  readonly constants: readonly unknown[];
  readonly fallbacks: readonly unknown[];
  /** How many expressions and statements ran on closures (0: everything was emitted). */
  readonly fallbackCount: number;
  /** The variables are locals of the generated function: the render needs no `rt.slots`. */
  readonly slotFree: boolean;
}

const PRELUDE =
  '"use strict";\n' +
  "const { getPrototypeOf, OBJECT_PROTOTYPE, truthy, equals, getNamedMember, isPlainObject, describeType, FloatValue, add, arith, arithmetic, compare, compareEqual, checkArg, invokeBuiltin, formatValue, printAt, quoteJsonStringHinted, escapeJsonStringHinted } = H;\n";

class Emitter {
  readonly K: unknown[] = [];
  readonly F: unknown[] = [];
  private readonly constIndex = new Map<unknown, number>();
  private temps = 0;
  private labels = 0;
  /** Labels of the `{foreach}` loops around the code being emitted (innermost last). */
  private readonly loops: string[] = [];
  /** The variable names the `{foreach}` loops around the code being emitted iterate (a loop over `x.y`: none). */
  private readonly loopNames: string[] = [];
  readonly lines: string[] = [];
  private indent = "  ";

  /**
   * Whether something the emitted code calls may read or write variables by name through the runtime (a closure
   * fallback, `set()`/`push()`, a function the host added): then the variables must live in `rt.slots`.
   */
  usesRuntimeSlots = false;

  constructor(
    private readonly ctx: CompileContext,
    /** Variables as locals of the generated function (`s3`) instead of `rt.slots[3]`: nothing else can see them. */
    private readonly localSlots: boolean,
  ) {}

  /** How many slots are locals of the generated function. */
  localSlotCount(layout: CompileContext["layout"]): number {
    return this.localSlots && layout !== null ? layout.count : 0;
  }

  private slotRef(slot: number): string {
    return this.localSlots ? `s${slot | 0}` : `rt.slots[${slot | 0}]`;
  }

  /** A constant: `K[i]` (strings, numbers, spans, tables; the same value is stored once). */
  k(value: unknown): string {
    // Numbers are not shared (a map would take 0 and -0 for one key).
    let i = typeof value === "number" ? undefined : this.constIndex.get(value);
    if (i === undefined) {
      i = this.K.length;
      this.K.push(value);
      this.constIndex.set(value, i);
    }
    return `K[${i}]`;
  }

  private fallback(fn: unknown): string {
    this.usesRuntimeSlots = true;
    this.F.push(fn);
    return `F[${this.F.length - 1}]`;
  }

  tmp(): string {
    return `t${this.temps++}`;
  }

  get tempCount(): number {
    return this.temps;
  }

  private line(code: string): void {
    this.lines.push(this.indent + code);
  }

  private open(code: string): void {
    this.line(code);
    this.indent += "  ";
  }

  private close(code = "}"): void {
    this.indent = this.indent.slice(2);
    this.line(code);
  }

  /** Leaves the code with a non-normal flow held in `f` (a loop's break/continue, else a return). */
  private flowExit(f: string): string {
    const label = this.loops[this.loops.length - 1];
    return label === undefined ? `return ${f};` : `{ if (${f} === 1) break ${label}; continue ${label}; }`;
  }

  // ---- statements ---------------------------------------------------------------------------------------------------

  body(nodes: readonly Node[]): void {
    if (this.ctx.mode === "tracked") {
      for (const n of nodes) this.stmt(n);
      return;
    }
    let run: (TextNode | OutputNode)[] = [];
    const flush = () => {
      if (run.length > 0) this.outputRun(run);
      run = [];
    };
    for (const n of nodes) {
      if (n.type === "Text" || n.type === "Output") run.push(n);
      else if (n.type !== "Comment") {
        flush();
        this.stmt(n);
      }
    }
    flush();
  }

  private outputRun(run: readonly (TextNode | OutputNode)[]): void {
    const plan = planRun(run, this.ctx);
    const o = this.tmp();
    if (plan.exprs.length === 0) {
      this.line(`${o} = rt.out + ${this.k(plan.head)};`);
      this.line(`rt.out = ${o};`);
      this.line(`if (${o}.length > OUTPUT_LIMIT) throw rt.outputExceeded(${this.k(plan.span)});`);
      return;
    }
    const hints = this.k(new Array<number>(plan.exprs.length).fill(0));
    const lim = "OUTPUT_LIMIT";
    this.line(`${o} = rt.out + ${this.k(plan.head)};`);
    this.open("try {");
    for (let i = 0; i < plan.exprs.length; i++) {
      const v = this.expr(plan.exprs[i]);
      const span = this.k(plan.spans[i]);
      const kind = plan.kinds[i] | 0;
      let text: string;
      if (kind === QUOTED || kind === STRING) {
        // formatValue's case for a value inside a JSON string, inlined (the kind is known here).
        const t = this.tmp();
        const escaper = kind === QUOTED ? "quoteJsonStringHinted" : "escapeJsonStringHinted";
        text = `${escaper}(typeof (${t} = ${v}) === "string" ? ${t} : printAt(rt, ${t}, ${span}, ${lim}), ${hints}, ${i | 0})`;
      } else text = `formatValue(rt, ${kind}, ${v}, ${span}, ${lim}, ${hints}, ${i | 0})`;
      this.line(`${o} += ${text} + ${this.k(plan.texts[i + 1])};`);
      this.line(`if (${o}.length > ${lim}) throw rt.outputExceeded(${span});`);
    }
    this.indent = this.indent.slice(2);
    this.line("} catch (e) {");
    this.indent += "  ";
    this.line(`rt.out = ${o};`);
    this.line("throw e;");
    this.close();
    this.line(`rt.out = ${o};`);
  }

  /** A statement the emitter leaves to the closures: called, its flow honoured. */
  private fallbackStmt(n: Node): void {
    const ex = node(n, this.ctx);
    if (ex === undefined) return;
    const f = this.tmp();
    this.line(`if ((${f} = ${this.fallback(ex)}(rt)) !== 0) ${this.flowExit(f)}`);
  }

  stmt(n: Node): void {
    switch (n.type) {
      case "Text":
        this.line(`rt.text(${this.k(n.value)}, ${this.k(jsonTransitions(n.value))}, ${this.k(n.span)});`);
        return;
      case "Comment":
        return;
      case "Output":
        this.line(`rt.write(${this.expr(n.expr)}, ${this.k(n.span)});`);
        return;
      case "Assign":
        this.assign(n);
        return;
      case "If": {
        n.branches.forEach((b, i) => {
          const test = this.test(b.test);
          if (i === 0) this.open(`if (${test}) {`);
          else {
            this.indent = this.indent.slice(2);
            this.line(`} else if (${test}) {`);
            this.indent += "  ";
          }
          this.body(b.body);
        });
        if (n.alternate) {
          this.indent = this.indent.slice(2);
          this.line("} else {");
          this.indent += "  ";
          this.body(n.alternate);
        }
        this.close();
        return;
      }
      case "Foreach":
        this.foreach(n);
        return;
      case "Switch": {
        const d = this.tmp();
        this.line(`${d} = ${this.expr(n.discriminant)};`);
        n.cases.forEach((c, i) => {
          const test = `equals(${d}, ${this.expr(c.test)})`;
          if (i === 0) this.open(`if (${test}) {`);
          else {
            this.indent = this.indent.slice(2);
            this.line(`} else if (${test}) {`);
            this.indent += "  ";
          }
          this.body(c.body);
        });
        if (n.cases.length > 0) this.close();
        return;
      }
      case "Break":
        this.line(this.loops.length > 0 ? `break ${this.loops[this.loops.length - 1]};` : "return 1;");
        return;
      case "Continue":
        this.line(this.loops.length > 0 ? `continue ${this.loops[this.loops.length - 1]};` : "return 2;");
        return;
      case "Include": {
        const f = this.tmp();
        const run = this.k(this.ctx.include);
        this.line(`if ((${f} = ${run}(rt, ${this.expr(n.name)}, ${this.k(n.span)})) !== 0) ${this.flowExit(f)}`);
        return;
      }
      default:
        this.fallbackStmt(n);
    }
  }

  private assign(n: AssignNode): void {
    const target = n.target;
    if (target.type !== "Identifier" || isForbiddenMember(target.name)) {
      this.fallbackStmt(n);
      return;
    }
    const name = this.k(target.name);
    const span = this.k(n.span);
    const v = this.tmp();
    this.line(`${v} = ${this.expr(n.value)};`);
    const slot = this.ctx.layout?.slotOf.get(target.name);
    if (slot !== undefined) {
      const s = this.slotRef(slot);
      if (this.loopNames.includes(target.name)) {
        this.line(`if (rt.loops !== null) rt.checkAssign(${name}, ${s} ?? rt.global(${name}), ${span});`);
      } else {
        // With a scope layout the loops running are the emitted `{foreach}`s around this code, none of which reads
        // this name; then only an object (or, unset, a global) can be what one of them iterates: a string, number
        // or boolean never is, so the check (a walk over the loops) is skipped for them, with the same outcome.
        const old = this.tmp();
        this.line(
          `if (rt.loops !== null && (typeof (${old} = ${s}) === "object" || ${old} === undefined)) rt.checkAssign(${name}, ${old} ?? rt.global(${name}), ${span});`,
        );
      }
      this.line(`${s} = ${v} === undefined ? null : ${v};`);
    } else {
      this.line(`if (rt.loops !== null) rt.checkAssign(${name}, rt.lookup(${name}), ${span});`);
      this.line(`rt.vars.set(${name}, ${v} === undefined ? null : ${v});`);
    }
  }

  /** Sets a loop variable to the JS expression `value` (already normalised). */
  private setVar(name: string, value: string): string {
    const slot = this.ctx.layout?.slotOf.get(name);
    return slot !== undefined ? `${this.slotRef(slot)} = ${value};` : `rt.vars.set(${this.k(name)}, ${value});`;
  }

  /** One loop for lists and objects (the body is emitted once: nested loops must not double the code). */
  private foreach(n: ForeachNode): void {
    const coll = this.tmp();
    const keys = this.tmp();
    const i = this.tmp();
    const key = this.tmp();
    const item = this.tmp();
    const label = `L${this.labels++}`;
    const open = this.k(n.openSpan);
    const name = n.iterable.type === "Identifier" ? this.k(n.iterable.name) : "undefined";
    this.line(`${coll} = ${this.expr(n.iterable)};`);
    this.open(`if (${coll} !== null && ${coll} !== undefined) {`);
    this.line(`if (typeof ${coll} === "object") rt.enterLoop(${coll}, ${name}, ${open});`);
    this.line(`if (Array.isArray(${coll})) ${keys} = null;`);
    this.line(`else if (isPlainObject(${coll})) ${keys} = Object.keys(${coll});`);
    this.line(
      `else throw rt.error("ZE_TYPE", "{foreach} needs a list or an object, got " + describeType(${coll}), ${this.k(n.iterable.span)});`,
    );
    this.loops.push(label);
    this.loopNames.push(n.iterable.type === "Identifier" ? n.iterable.name : "");
    this.open(`${label}: for (${i} = 0; ${i} < (${keys} === null ? ${coll}.length : ${keys}.length); ${i}++) {`);
    this.line(`rt.step(${open});`);
    // A list is read by its index and an object by its key at two separate sites (each keeps a monomorphic cache).
    if (n.key !== undefined) {
      this.line(`${key} = ${keys} === null ? ${i} : ${keys}[${i}];`);
      this.line(this.setVar(n.key, key));
      this.line(`${item} = ${keys} === null ? ${coll}[${i}] : ${coll}[${key}];`);
    } else this.line(`${item} = ${keys} === null ? ${coll}[${i}] : ${coll}[${keys}[${i}]];`);
    this.line(this.setVar(n.value, `${item} === undefined ? null : ${item}`));
    this.body(n.body);
    this.close();
    this.loops.pop();
    this.loopNames.pop();
    this.line(`if (typeof ${coll} === "object") rt.exitLoop();`);
    this.close();
  }

  // ---- expressions (each a JS expression; temporaries are fresh per use) -------------------------------------------

  /** An expression as a JS boolean: comparisons, `!`, `&&` and `||` already are one (no truthy() call). */
  private test(e: Expr): string {
    const v = this.expr(e);
    const boolean =
      (e.type === "Binary" && ["==", "!=", "<", "<=", ">", ">="].includes(e.operator)) ||
      e.type === "Logical" ||
      (e.type === "Unary" && e.operator === "!");
    return boolean ? v : `truthy(${v})`;
  }

  private fallbackExpr(e: Expr): string {
    return `${this.fallback(expr(e, this.ctx))}(rt)`;
  }

  expr(e: Expr): string {
    switch (e.type) {
      case "Literal":
        return this.k(e.value);
      case "Identifier":
        return this.readVar(e.name, e.span);
      case "Member":
        return this.member(e);
      case "Index": {
        const object = this.expr(e.object);
        const span = this.k(e.span);
        const key = e.index.type === "Literal" ? e.index.value : undefined;
        if (typeof key === "number" && Number.isInteger(key) && key >= 0) {
          const t = this.tmp();
          const kk = this.k(key);
          return `(${t} = ${object}, Array.isArray(${t}) && ${kk} < ${t}.length ? ${t}[${kk}] : rt.member(${t}, ${kk}, ${span}))`;
        }
        return `rt.member(${object}, ${this.expr(e.index)}, ${span})`;
      }
      case "Call":
        return this.call(e);
      case "Unary": {
        if (e.operator === "!") return `!${this.test(e.operand)}`;
        const operand = this.expr(e.operand);
        const t = this.tmp();
        return `(${t} = ${operand}, ${t} instanceof FloatValue ? new FloatValue(-${t}.value) : -arith(rt, ${t}, ${this.k(e.span)}, "-"))`;
      }
      case "Binary":
        return this.binary(e);
      case "Logical": {
        const left = this.test(e.left);
        const right = this.test(e.right);
        return `(${left} ${e.operator === "&&" ? "&&" : "||"} ${right})`;
      }
      case "Conditional": {
        const test = this.test(e.test);
        return `(${test} ? ${this.expr(e.consequent)} : ${this.expr(e.alternate)})`;
      }
      case "Elvis": {
        const t = this.tmp();
        const left = this.expr(e.left);
        return `(truthy(${t} = ${left}) ? ${t} : ${this.expr(e.right)})`;
      }
      case "Array":
      case "Object": {
        const constant = constantValue(e);
        if (constant !== NOT_CONSTANT) return this.k(constant);
        return this.fallbackExpr(e);
      }
      default:
        return this.fallbackExpr(e);
    }
  }

  private readVar(name: string, spanOf: MemberExpr["span"]): string {
    const layout = this.ctx.layout;
    const n = this.k(name);
    const span = this.k(spanOf);
    if (layout === null) return `rt.read(${n}, ${span})`;
    const slot = layout.slotOf.get(name);
    if (name === "profile" && slot === undefined) return "rt.profileData";
    if (isForbiddenMember(name)) return `rt.readForbidden(${n}, ${span})`;
    if (slot === undefined) return `rt.readGlobal(${n}, ${span})`;
    const t = this.tmp();
    const fallback = name === "profile" ? "rt.profileData" : `rt.readGlobal(${n}, ${span})`;
    return `((${t} = ${this.slotRef(slot)}) !== undefined ? ${t} : ${fallback})`;
  }

  private member(e: MemberExpr): string {
    const keys: string[] = [];
    const spans: MemberExpr["span"][] = [];
    let base: Expr = e;
    while (base.type === "Member" && !isForbiddenMember(base.property)) {
      keys.unshift(base.property);
      spans.unshift(base.span);
      base = base.object;
    }
    if (keys.length === 0) return `rt.member(${this.expr(e.object)}, ${this.k(e.property)}, ${this.k(e.span)})`;
    const t = this.tmp();
    let code = `${t} = ${this.expr(base)}`;
    // Each step: a null or undefined object ends the chain at that member (nothing, or a strict-mode error).
    let tail = "";
    for (let i = 0; i < keys.length; i++) {
      const key = this.k(keys[i]);
      const read = `${t} === null || ${t} === undefined ? rt.member(${t}, ${key}, ${this.k(spans[i])}) : `;
      if (i === keys.length - 1) tail = `${read}${this.namedMember(t, keys[i])}`;
      else code += `, ${read}(${t} = ${this.namedMember(t, keys[i])}`;
    }
    // Rebuild as nested conditionals: (t = o, t == null ? m0 : (t = g(t,k0), t == null ? m1 : g(t,k1)))
    return `(${code}, ${tail}${")".repeat(keys.length - 1)})`;
  }

  /**
   * `getNamedMember(t, name)` inlined, the same rule: members of plain objects only, never a function. The name is a JSON-encoded
   * string constant (design.md §6), so the read site gets its own inline cache; the sandbox rule is the same.
   * `name in t` comes first: it reads no value and runs no getter (a Proxy's `has` trap is the one thing that sees it),
   * an absent name reads as nothing without more work, and its inline cache gives the optimizing compiler the object's
   * shape, so the prototype test that follows folds to a constant instead of a call (T3 renders about 15 % faster).
   */
  private namedMember(t: string, name: string): string {
    const p = this.tmp();
    const v = this.tmp();
    const key = jsonConstant(name);
    return `(typeof ${t} === "object" && ${key} in ${t} && ((${p} = getPrototypeOf(${t})) === OBJECT_PROTOTYPE || ${p} === null) && typeof (${v} = ${t}[${key}]) !== "function" ? ${v} : undefined)`;
  }

  /**
   * `rt.checkString(s, span)` inlined: the memory charge and the output-limit test, `rt.stringFailed` only when one
   * fails (it throws what checkString throws). `OUTPUT_LIMIT` is read once per render (options do not change).
   */
  private checked(concat: string, span: string): string {
    const s = this.tmp();
    return `((${s} = ${concat}), (rt.memLeft -= 16 + 2 * ${s}.length) < 0 || ${s}.length > OUTPUT_LIMIT ? rt.stringFailed(${s}, ${span}) : ${s})`;
  }

  private binary(e: BinaryExpr): string {
    const span = this.k(e.span);
    if (e.operator === "+") {
      if (e.left.type === "Literal" && typeof e.left.value === "string") {
        const a = this.k(e.left.value);
        const t = this.tmp();
        return `(${t} = ${this.expr(e.right)}, typeof ${t} === "string" ? ${this.checked(`${a} + ${t}`, span)} : add(rt, ${a}, ${t}, ${span}))`;
      }
      if (e.right.type === "Literal" && typeof e.right.value === "string") {
        const b = this.k(e.right.value);
        const t = this.tmp();
        return `(${t} = ${this.expr(e.left)}, typeof ${t} === "string" ? ${this.checked(`${t} + ${b}`, span)} : add(rt, ${t}, ${b}, ${span}))`;
      }
    }
    const a = this.tmp();
    const b = this.tmp();
    const pair = `${a} = ${this.expr(e.left)}, ${b} = ${this.expr(e.right)}`;
    const nums = `typeof ${a} === "number" && typeof ${b} === "number"`;
    switch (e.operator) {
      case "+":
        return `(${pair}, typeof ${a} === "string" && typeof ${b} === "string" ? ${this.checked(`${a} + ${b}`, span)} : add(rt, ${a}, ${b}, ${span}))`;
      case "-":
        return `(${pair}, ${nums} ? ${a} - ${b} : arithmetic(rt, ${a}, ${b}, ${span}, "-"))`;
      case "*":
        return `(${pair}, ${nums} ? ${a} * ${b} : arithmetic(rt, ${a}, ${b}, ${span}, "*"))`;
      case "/":
        return `(${pair}, ${nums} && ${b} !== 0 ? ${a} / ${b} : arithmetic(rt, ${a}, ${b}, ${span}, "/"))`;
      case "%":
        return `(${pair}, ${nums} && ${b} !== 0 ? ${a} % ${b} : arithmetic(rt, ${a}, ${b}, ${span}, "%"))`;
      case "==":
        return `(${pair}, compareEqual(rt, ${a}, ${b}, ${span}))`;
      case "!=":
        return `(${pair}, !compareEqual(rt, ${a}, ${b}, ${span}))`;
      case "<":
        return `(${pair}, ${nums} ? ${a} < ${b} : compare(rt, ${a}, ${b}, ${span}) < 0)`;
      case "<=":
        return `(${pair}, ${nums} ? ${a} <= ${b} : compare(rt, ${a}, ${b}, ${span}) <= 0)`;
      case ">":
        return `(${pair}, ${nums} ? ${a} > ${b} : compare(rt, ${a}, ${b}, ${span}) > 0)`;
      case ">=":
        return `(${pair}, ${nums} ? ${a} >= ${b} : compare(rt, ${a}, ${b}, ${span}) >= 0)`;
    }
  }

  private call(e: CallExpr): string {
    const def = e.callee.type === "Identifier" ? this.ctx.functions[e.callee.name] : undefined;
    if (def === undefined) return this.fallbackExpr(e);
    // A built-in reads and writes variables by name only when it names one (set, push); a host's function may.
    if (def.namesVariable || BUILTINS[def.name] !== def) this.usesRuntimeSlots = true;
    const { min, max } = arity(def.params);
    if (e.args.length < min || e.args.length > max) return this.fallbackExpr(e); // the closures report it
    const d = this.k(def);
    const span = this.k(e.span);
    // Each argument is evaluated, then checked, before the next is evaluated (as the closures do); a string where a
    // string is wanted is taken as is (what checkArg would return).
    const args = e.args.map((a, i) => {
      const spec = paramAt(def.params, i);
      // A constant that checkArg would return as it is (a plain object where an object is wanted): no check to run.
      const c = constantValue(a);
      if (c !== NOT_CONSTANT && passesAsIs(spec, c)) return this.k(c);
      const check = (v: string) => `checkArg(rt, ${d}, ${this.k(spec)}, ${i | 0}, ${v}, ${span})`;
      if (spec.type !== "string") return check(this.expr(a));
      const t = this.tmp();
      return `(typeof (${t} = ${this.expr(a)}) === "string" ? ${t} : ${check(t)})`;
    });
    if (def.unavailable) return `invokeBuiltin(rt, ${d}, [${args.join(", ")}], ${span}, ${def.returnsData !== true})`;
    // invokeBuiltin inlined for a function that is available: a step, the call at its site, its memory charge.
    const prev = this.tmp();
    const r = this.tmp();
    const charge = def.returnsData !== true ? `rt.allocValue(${r}), ` : "";
    return `(${r} = [${args.join(", ")}], rt.step(${span}), ${prev} = rt.site, rt.site = ${span}, ${r} = ${d}.call(rt, ${r}), ${charge}rt.site = ${prev}, ${r})`;
  }
}

/** Whether `checkArg` returns `v` unchanged for `spec` whatever the render (no coercion, no error, no null rule). */
function passesAsIs(spec: ParamSpec, v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (spec.type) {
    case "any":
      return true;
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number";
    case "list":
      return Array.isArray(v);
    case "object":
      return isPlainObject(v);
    case "collection":
      return Array.isArray(v) || isPlainObject(v) || typeof v === "string";
    default:
      return false;
  }
}

/** Emits the JavaScript of a planned template for one output mode (`json` needs `plan.states`). */
export function generateTemplate(
  ast: TemplateAst,
  plan: TemplatePlan,
  mode: OutputMode,
  functions: Readonly<Record<string, FunctionDef>>,
  include: IncludeRunner,
): Generated {
  if (mode === "json" && plan.states === null) throw new Error("json output mode needs known JSON states");
  const { unit, layout, bindable, lateCalls, states } = plan;
  const ctx = { unit, layout, bindable, lateCalls, states, mode, functions, include };
  // Variables as locals when nothing but this code can reach them; else (found while emitting) in rt.slots.
  let em = new Emitter(ctx, layout !== null && layout.count > 0);
  em.body(ast.body);
  if (em.usesRuntimeSlots) {
    em = new Emitter(ctx, false);
    em.body(ast.body);
  }
  const locals = em.localSlotCount(layout);
  const temps = [
    ...Array.from({ length: locals }, (_, i) => `s${i}`),
    ...Array.from({ length: em.tempCount }, (_, i) => `t${i}`),
  ];
  const source =
    PRELUDE +
    "return function render(rt) {\n" +
    "  const OUTPUT_LIMIT = rt.options.limits.outputSize;\n" +
    (temps.length > 0 ? `  let ${temps.join(", ")};\n` : "") +
    em.lines.join("\n") +
    "\n  return 0;\n};\n";
  return { source, constants: em.K, fallbacks: em.F, fallbackCount: em.F.length, slotFree: locals > 0 };
}

/** Whether this host lets code be generated at run time (CSP and `--disallow-code-generation-from-strings` do not). */
let hostAllows: boolean | undefined;

export function codegenAllowed(): boolean {
  if (hostAllows === undefined) {
    try {
      hostAllows = new Function("return true")() === true;
    } catch {
      hostAllows = false;
    }
  }
  return hostAllows;
}

/**
 * The generated function, from the factory the host builds from `source` (or one given: the ES module that
 * `zephyr compile` writes carries its own). Undefined when the host forbids code generation.
 */
export function instantiate(g: Generated, factory?: Factory): Ex | undefined {
  if (factory === undefined) {
    if (!codegenAllowed()) return undefined;
    try {
      // A fixed name for profilers and stack traces (the generated code is otherwise anonymous).
      factory = new Function("K", "F", "H", `${g.source}//# sourceURL=zephyr-generated.js\n`) as Factory;
    } catch {
      return undefined;
    }
  }
  return factory(g.constants, g.fallbacks, HELPERS);
}

export type { Runtime };
