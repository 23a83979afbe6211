import type { Expr, TemplateAst } from "./ast.js";
import { walk } from "./ast.js";
import { type Diagnostic, ZephyrError } from "./errors.js";
import { BUILTINS } from "./functions/index.js";
import { arity, type FunctionDef } from "./functions/registry.js";
import { parse } from "./parser.js";
import { LineIndex } from "./span.js";
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
  // The feed's items (a data feed, or the content library): the standard feed variable.
  "content",
]);

export interface LintOptions {
  filename?: string;
  /** Names known to come from outside (profile vars, data globals, feed keys): not reported as unassigned. */
  globals?: Iterable<string>;
  functions?: Readonly<Record<string, FunctionDef>>;
  /** The AST of this very source, when the caller parsed it already (a compiled template's `ast`): not parsed again. */
  ast?: TemplateAst;
  /**
   * Whether the template renders a JSON payload (the hints speak of the payload then). Default: what
   * `isPayloadTemplate` says of the template's literal text.
   */
  payload?: boolean;
}

/**
 * Whether a template's literal text (its text outside tags and comments) is a JSON object or list, as a payload
 * template's is: its first non-blank character is `{` or `[`. A template that does not parse is not one.
 */
export function isPayloadTemplate(source: string | TemplateAst): boolean {
  let ast: TemplateAst;
  if (typeof source === "string") {
    try {
      ast = parse(source);
    } catch (e) {
      if (e instanceof ZephyrError) return false;
      throw e;
    }
  } else ast = source;
  let first = "";
  walk(
    ast.body,
    (n) => {
      if (first === "" && n.type === "Text") first = n.value.trimStart().charAt(0);
    },
    () => {},
  );
  return first === "{" || first === "[";
}

/**
 * Literal text that looks like a tag: `{ profile.vars.first_name }` (or `{{ name }}`): a `{` followed by a space is
 * printed as it is, so the recipient gets the braces. Only a name, a member path or a call, alone in the braces.
 */
const LITERAL_TAG =
  /(\{?)\{[ \t]+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]\n{}]*\])*(?:\([^(){}\n]*\))?)[ \t]*\}(\}?)/g;
/** Words that, alone in braces, are code of another language rather than a Zephyr tag gone wrong. */
const NOT_A_TAG = new Set(["return", "break", "continue", "else", "this", "true", "false", "null", "default"]);

function literalTags(ast: TemplateAst, report: (d: Diagnostic) => void): void {
  const index = new LineIndex(ast.source);
  walk(
    ast.body,
    (n) => {
      if (n.type !== "Text" || !n.value.includes("{")) return;
      for (const m of n.value.matchAll(LITERAL_TAG)) {
        const [whole, open2, expression, close2] = m;
        if (NOT_A_TAG.has(expression)) continue;
        const double = open2 !== "" && close2 !== "";
        // `{{ x }` or `{ x }}`: only the inner braces are the would-be tag.
        const start = n.span.offset + m.index + (open2 !== "" && !double ? 1 : 0);
        const end = n.span.offset + m.index + whole.length - (close2 !== "" && !double ? 1 : 0);
        const text = ast.source.slice(start, end);
        const tag = `{${expression}}`;
        const span = index.span(start, end);
        report({
          severity: "warning",
          code: "ZL_LITERAL_TAG",
          message: `'${text}' is literal text, not a tag: a '{' followed by a space is printed as it is`,
          span,
          hint: `this ships the braces to the recipient; did you mean ${tag}?`,
          fix: { title: `write ${tag}`, span, replacement: tag },
        });
      }
    },
    () => {},
  );
}

/**
 * Static checks, without rendering: syntax, unknown functions, wrong argument counts, platform-only functions,
 * and names read but never assigned that are not standard, profile or data variables.
 */
export function lint(source: string, options: LintOptions = {}): Diagnostic[] {
  let ast: TemplateAst;
  try {
    ast = options.ast?.source === source ? options.ast : parse(source, { filename: options.filename });
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
  const payload = options.payload ?? isPayloadTemplate(ast);
  literalTags(ast, report);

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
          message: `${name}() only works inside Sailthru: ${def.unavailable}; rendering it fails unless platform stubs are on`,
          hint: "preview it with --platform stub (the default of preview and serve): it then returns a placeholder",
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
        hint: payload
          ? `did you mean to put {${name}} in the payload?`
          : `print it with {${name}}, or remove the assignment`,
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
