import type { CallExpr } from "../ast.js";
import type { ZephyrError } from "../errors.js";
import { arity, type FunctionDef, type ParamSpec } from "../functions/registry.js";
import type { Runtime } from "../runtime.js";
import type { Span } from "../span.js";
import { suggestFunction } from "../suggest.js";
import { describeType, FloatValue, isPlainObject, Lambda, print, toNumber, truthy } from "../values.js";
import { expr } from "./expressions.js";
import { type CompileContext, compileError, type Ev } from "./plan.js";

// ---- calls ----------------------------------------------------------------------------------------------------------

export function call(e: CallExpr, ctx: CompileContext): Ev {
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
    return invokeBuiltin(rt, def, values, span, charged);
  };
}

/** A built-in call once its arguments are checked: a step, the platform rule, the call, its memory charge. */
export function invokeBuiltin(rt: Runtime, def: FunctionDef, values: unknown[], span: Span, charged: boolean): unknown {
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
}

export function paramAt(params: readonly ParamSpec[], i: number): ParamSpec {
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
export function checkArg(rt: Runtime, def: FunctionDef, spec: ParamSpec, i: number, v: unknown, span: Span): unknown {
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
