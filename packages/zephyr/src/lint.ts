import type { Expr, TemplateAst } from "./ast.js";
import { walk } from "./compiler.js";
import { type Diagnostic, ZephyrError } from "./errors.js";
import { BUILTINS } from "./functions/index.js";
import { arity, type FunctionDef } from "./functions/registry.js";
import { parse } from "./parser.js";
import { suggestFunction } from "./suggest.js";

/** Sailthru's standard variables (zephyr-language-notes §4.1): never reported as unassigned. */
const STANDARD_VARIABLES = new Set([
  "profile",
  "email",
  "emailnum",
  "beacon",
  "beacon_src",
  "beacon_url",
  "beacon_ssl",
  "beacon_src_ssl",
  "blast",
  "feed",
  "message",
  "event",
  "forward_url",
  "optout_confirm_url",
  "optout_client_url",
  "signup_confirm_url",
  "public_url",
  "view_url",
  "text_url",
]);

export interface LintOptions {
  filename?: string;
  /** Names known to come from outside (profile vars, data globals, feed keys): not reported as unassigned. */
  globals?: Iterable<string>;
  functions?: Readonly<Record<string, FunctionDef>>;
}

/**
 * Static checks, without rendering: syntax, unknown functions, wrong argument counts, platform-only functions,
 * and names read but never assigned that are not standard, profile or data variables.
 */
export function lint(source: string, options: LintOptions = {}): Diagnostic[] {
  let ast: TemplateAst;
  try {
    ast = parse(source, { filename: options.filename });
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    return (e.related.length ? e.related : [e]).map((x) => x.toDiagnostic());
  }
  const functions = options.functions ?? BUILTINS;
  const known = new Set([...STANDARD_VARIABLES, ...(options.globals ?? [])]);
  const assigned = new Set<string>();
  /** Where each plain variable is first assigned (`x = …`, `set('x', …)`), for the unused-variable check. */
  const assignments = new Map<string, Expr>();
  const reads: { name: string; expr: Expr }[] = [];
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => {
    if (options.filename) d.file = options.filename;
    diagnostics.push(d);
  };
  let includes = false;

  walk(
    ast.body,
    (n) => {
      if (n.type === "Include") includes = true;
      if (n.type === "Assign") {
        let t: Expr = n.target;
        while (t.type === "Member" || t.type === "Index") t = t.object;
        if (t.type === "Identifier") {
          assigned.add(t.name);
          if (!assignments.has(t.name)) assignments.set(t.name, t);
        }
      }
      if (n.type === "Foreach") {
        assigned.add(n.value);
        if (n.key) assigned.add(n.key);
      }
    },
    (e) => {
      if (e.type === "Lambda") for (const p of e.params) assigned.add(p);
      if (e.type === "Comprehension") assigned.add(e.variable);
      if (e.type === "Identifier") reads.push({ name: e.name, expr: e });
      if (e.type !== "Call" || e.callee.type !== "Identifier") return;
      const name = e.callee.name;
      const def = functions[name];
      if (!def) return;
      if (def.namesVariable && e.args[0]?.type === "Literal" && typeof e.args[0].value === "string") {
        assigned.add(e.args[0].value);
        if (!assignments.has(e.args[0].value)) assignments.set(e.args[0].value, e.args[0]);
      }
      const { min, max } = arity(def.params);
      if (e.args.length < min || e.args.length > max) {
        report({
          severity: "error",
          code: "ZE_ARITY",
          message: `${name}() takes ${min === max ? min : `${min} to ${max}`} arguments, got ${e.args.length}`,
          span: e.span,
          hint: `signature: ${def.signature}`,
        });
      }
      if (def.unavailable) {
        report({
          severity: "warning",
          code: "ZL_PLATFORM_ONLY",
          message: `${name}() only works inside Sailthru: ${def.unavailable}; rendering it here fails`,
          span: e.span,
        });
      }
    },
  );

  // The root name of an assignment target (`x` in `x.a = 1`) is written, not read.
  const targets = new Set<Expr>();
  walk(
    ast.body,
    (n) => {
      if (n.type !== "Assign") return;
      let t: Expr = n.target;
      while (t.type === "Member" || t.type === "Index") t = t.object;
      targets.add(t);
    },
    () => {},
  );
  const read = new Set(reads.filter((r) => !targets.has(r.expr)).map((r) => r.name));
  if (!includes) {
    for (const [name, where] of assignments) {
      if (read.has(name)) continue;
      report({
        severity: "warning",
        code: "ZL_UNUSED",
        message: `'${name}' is assigned but never used`,
        span: where.span,
        hint: `did you mean to put {${name}} in the payload?`,
      });
    }
  }

  const callees = new Set<Expr>();
  walk(
    ast.body,
    () => {},
    (e) => {
      if (e.type === "Call") callees.add(e.callee);
    },
  );
  for (const { name, expr } of reads) {
    if (callees.has(expr)) {
      if (!functions[name] && !assigned.has(name) && !includes) {
        const suggestion = suggestFunction(name, Object.keys(functions));
        report({
          severity: "error",
          code: "ZE_UNKNOWN_FUNCTION",
          message: `unknown function '${name}'`,
          span: expr.span,
          hint: suggestion ? `did you mean ${suggestion}()?` : undefined,
          fix: suggestion ? { title: `call ${suggestion}()`, span: expr.span, replacement: suggestion } : undefined,
        });
      }
      continue;
    }
    if (assigned.has(name) || known.has(name) || includes) continue;
    known.add(name); // report each name once
    report({
      severity: "warning",
      code: "ZL_UNASSIGNED",
      message: `'${name}' is never assigned in this template; it must come from the profile vars or the data`,
      span: expr.span,
      hint: `if it is a profile var, profile.vars.${name} says so explicitly`,
    });
  }
  return diagnostics.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
}
