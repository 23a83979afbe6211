import type { CaseBranch, Expr, Node, TemplateAst } from "./ast.js";
import { parse } from "./parser.js";

/**
 * The canonical form of a template: literal text and comments exactly as written; inside tags, one space around
 * binary operators, after commas and colons, none inside brackets; parentheses only where precedence needs them.
 * `parse(formatTemplate(t))` has the same AST as `parse(t)`, and formatting is idempotent.
 */
export function formatTemplate(source: string, filename?: string): string {
  return printTemplate(parse(source, { filename }));
}

export function printTemplate(ast: TemplateAst): string {
  return nodes(ast.body);
}

function nodes(list: readonly Node[]): string {
  let out = "";
  for (const n of list) out += node(n);
  return out;
}

function tag(inner: string, double = false): string {
  return double ? `{{${inner}}}` : `{${inner}}`;
}

function node(n: Node): string {
  switch (n.type) {
    case "Text":
      return n.value;
    case "Comment":
      return `{*${n.value}*}`;
    case "Output":
      return tag(tagExpr(n.expr), n.double);
    case "Assign":
      return tag(`${expr(n.target, 0)} = ${expr(n.value, 0)}`, n.double);
    case "If": {
      let out = "";
      n.branches.forEach((b, i) => {
        out += tag(`${i === 0 ? "if" : "else if"} ${expr(b.test, 0)}`) + nodes(b.body);
      });
      if (n.alternate) out += tag("else") + nodes(n.alternate);
      return out + tag("/if");
    }
    case "Foreach":
      return `${tag(`foreach ${expr(n.iterable, 0)} as ${n.key === undefined ? "" : `${n.key}, `}${n.value}`)}${nodes(n.body)}${tag("/foreach")}`;
    case "Switch":
      return tag(`switch ${expr(n.discriminant, 0)}`) + cases(n.cases) + nodes(n.trailing) + tag("/switch");
    case "Select":
      return tag("select") + cases(n.cases) + nodes(n.trailing) + tag("/select");
    case "Break":
      return tag("break");
    case "Continue":
      return tag("continue");
    case "Include":
      return tag(`include ${expr(n.name, 0)}`);
  }
}

function cases(list: readonly CaseBranch[]): string {
  return list.map((c) => nodes(c.leading) + tag(`case ${expr(c.test, 0)}`) + nodes(c.body) + tag("/case")).join("");
}

/** An output tag's expression; one that starts with an object literal is wrapped, since `{{` opens a double tag. */
function tagExpr(e: Expr): string {
  const s = expr(e, 0);
  return s.startsWith("{") ? `(${s})` : s;
}

// Binding power, loosest first (grammar/zephyr.ebnf): lambda 1, ternary/elvis 2, || 3, && 4, equality 5,
// relational 6, additive 7, multiplicative 8, unary 9, postfix 10.
const BINARY_POWER: Record<string, number> = {
  "==": 5,
  "!=": 5,
  "<": 6,
  "<=": 6,
  ">": 6,
  ">=": 6,
  "+": 7,
  "-": 7,
  "*": 8,
  "/": 8,
  "%": 8,
};

function power(e: Expr): number {
  switch (e.type) {
    case "Lambda":
      return 1;
    case "Conditional":
    case "Elvis":
      return 2;
    case "Logical":
      return e.operator === "||" ? 3 : 4;
    case "Binary":
      return BINARY_POWER[e.operator];
    case "Unary":
      return 9;
    default:
      return 10;
  }
}

/** Prints `e`, in parentheses when it binds more loosely than its position allows (`min`). */
function expr(e: Expr, min: number): string {
  const s = bare(e);
  return power(e) < min ? `(${s})` : s;
}

/** The object of a member, index or call; a number needs parentheses there (`1.x` would read as `1.` then `x`). */
function target(e: Expr): string {
  return e.type === "Literal" && typeof e.value === "number" ? `(${e.raw})` : expr(e, 10);
}

function bare(e: Expr): string {
  switch (e.type) {
    case "Literal":
      return e.raw;
    case "Identifier":
      return e.name;
    case "Member":
      return `${target(e.object)}.${e.property}`;
    case "Index":
      return `${target(e.object)}[${expr(e.index, 0)}]`;
    case "Call":
      return `${target(e.callee)}(${e.args.map((a) => expr(a, 0)).join(", ")})`;
    case "Unary":
      return `${e.operator}${expr(e.operand, 9)}`;
    case "Binary":
    case "Logical": {
      const p = power(e);
      // Left-associative: the right operand needs parentheses at the same power.
      return `${expr(e.left, p)} ${e.operator} ${expr(e.right, p + 1)}`;
    }
    case "Conditional":
      // Right-associative: a nested ternary on the right needs none; on the left it does.
      return `${expr(e.test, 3)} ? ${expr(e.consequent, 0)} : ${expr(e.alternate, 2)}`;
    case "Elvis":
      return `${expr(e.left, 3)} ?: ${expr(e.right, 2)}`;
    case "Array":
      return `[${e.elements.map((x) => expr(x, 0)).join(", ")}]`;
    case "Object":
      return `{${e.entries.map((x) => `${x.rawKey}: ${expr(x.value, 0)}`).join(", ")}}`;
    case "Lambda":
      return `lambda ${e.params.join(", ")}: ${expr(e.body, 0)}`;
    case "Comprehension":
      return `[${expr(e.element, 0)} for ${e.variable} in ${expr(e.iterable, 2)}${e.condition ? ` if ${expr(e.condition, 0)}` : ""}]`;
  }
}
