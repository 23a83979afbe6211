import type { BinaryExpr, Expr, MemberExpr } from "../ast.js";
import { add, arith, arithmetic, compare, compareEqual } from "../operators.js";
import { MEMORY_COST } from "../options.js";
import type { Span } from "../span.js";
import {
  describeType,
  FloatValue,
  getNamedMember,
  isForbiddenMember,
  isPlainObject,
  Lambda,
  truthy,
} from "../values.js";
import { call } from "./calls.js";
import { type CompileContext, compileError, type Ev } from "./plan.js";
import { rawVar, readVar, restoreVar, writeVar } from "./variables.js";

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

export function normalize(v: unknown): unknown {
  return v === undefined ? null : v;
}

export const NOT_CONSTANT = Symbol("not constant");

/** Literal-only arrays and objects are built once and frozen (assignments copy before changing anything). */
export function constantValue(e: Expr): unknown {
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
