/**
 * Node builders: what the grammar's embedded actions call to turn tokens and sub-expressions into AST nodes and block
 * items. Every span comes from the parse's context.
 */
import { type IToken, tokenMatcher } from "chevrotain";
import type { AssignNode, BinaryOperator, Expr, ObjectEntry, OutputNode } from "../ast.js";
import type { BlockItem } from "../blocks.js";
import { ZephyrError } from "../errors.js";
import * as T from "../lexer.js";
import { joinSpans, type Span } from "../span.js";
import { unescapeString } from "../strings.js";
import type { ParseContext } from "./context.js";

/** Binding strength of the binary operators (all left-associative), by token type index. */
const PRECEDENCE: number[] = [];
for (const [types, level] of [
  [[T.OrOr], 1],
  [[T.AndAnd], 2],
  [[T.Eq, T.NotEq], 3],
  [[T.Lt, T.LtEq, T.Gt, T.GtEq], 4],
  [[T.Plus, T.Minus], 5],
  [[T.Star, T.Slash, T.Percent], 6],
] as const) {
  for (const type of types) PRECEDENCE[type.tokenTypeIdx as number] = level;
}
function precedence(op: IToken): number {
  return PRECEDENCE[op.tokenTypeIdx];
}

/** `left op right` (`&&` and `||` are Logical nodes, the other operators Binary ones). */
function binaryNode(op: IToken, left: Expr, right: Expr): Expr {
  const span = joinSpans(left.span, right.span);
  return op.image === "||" || op.image === "&&"
    ? { type: "Logical", operator: op.image, left, right, span }
    : { type: "Binary", operator: op.image as BinaryOperator, left, right, span };
}

export function textItem(ctx: ParseContext, t: IToken): BlockItem {
  return { kind: "node", node: { type: "Text", value: t.image, span: ctx.tokenSpan(t) } };
}
export function commentItem(ctx: ParseContext, t: IToken): BlockItem {
  return { kind: "node", node: { type: "Comment", value: t.image.slice(2, -2), span: ctx.tokenSpan(t) } };
}
export function numberNode(ctx: ParseContext, t: IToken): Expr {
  return { type: "Literal", value: Number(t.image), raw: t.image, span: ctx.tokenSpan(t) };
}
export function stringNode(ctx: ParseContext, t: IToken): Expr {
  return { type: "Literal", value: unescapeString(t.image), raw: t.image, span: ctx.tokenSpan(t) };
}
export function constantNode(
  ctx: ParseContext,
  t: IToken,
  value: boolean | null,
  raw: "true" | "false" | "null",
): Expr {
  return { type: "Literal", value, raw, span: ctx.tokenSpan(t) };
}
export function identifierNode(ctx: ParseContext, t: IToken): Expr {
  return { type: "Identifier", name: t.image, span: ctx.tokenSpan(t) };
}
export function memberNode(ctx: ParseContext, object: Expr, name: IToken): Expr {
  return { type: "Member", object, property: name.image, span: joinSpans(object.span, ctx.tokenSpan(name)) };
}
export function indexNode(ctx: ParseContext, object: Expr, index: Expr, close: IToken): Expr {
  return { type: "Index", object, index, span: joinSpans(object.span, ctx.tokenSpan(close)) };
}
export function callNode(ctx: ParseContext, callee: Expr, args: Expr[], close: IToken): Expr {
  return { type: "Call", callee, args, span: joinSpans(callee.span, ctx.tokenSpan(close)) };
}
export function unaryNode(ctx: ParseContext, op: IToken, operand: Expr): Expr {
  return { type: "Unary", operator: op.image as "!", operand, span: joinSpans(ctx.tokenSpan(op), operand.span) };
}

export interface ComprehensionParts {
  variable: string;
  iterable: Expr;
  condition: Expr | undefined;
}
export function listNode(
  ctx: ParseContext,
  open: IToken,
  elements: Expr[],
  comprehension: ComprehensionParts | undefined,
  close: IToken,
): Expr {
  const span = ctx.tokenSpan(open, close);
  if (comprehension) return { type: "Comprehension", element: elements[0], ...comprehension, span };
  return { type: "Array", elements, span };
}
export function objectEntry(ctx: ParseContext, key: IToken, value: Expr): ObjectEntry {
  const k = tokenMatcher(key, T.StringLiteral) ? unescapeString(key.image) : key.image;
  return { key: k, rawKey: key.image, value, span: joinSpans(ctx.tokenSpan(key), value.span) };
}
export function objectNode(ctx: ParseContext, open: IToken, entries: ObjectEntry[], close: IToken): Expr {
  return { type: "Object", entries, span: ctx.tokenSpan(open, close) };
}
export function lambdaNode(ctx: ParseContext, start: IToken, params: string[], body: Expr): Expr {
  return { type: "Lambda", params, body, span: joinSpans(ctx.tokenSpan(start), body.span) };
}
export function elvisNode(left: Expr, right: Expr): Expr {
  return { type: "Elvis", left, right, span: joinSpans(left.span, right.span) };
}
export function conditionalNode(test: Expr, consequent: Expr, alternate: Expr): Expr {
  return { type: "Conditional", test, consequent, alternate, span: joinSpans(test.span, alternate.span) };
}

/** `{expr}` or `{target = value}`. */
export function outputOrAssign(
  ctx: ParseContext,
  expr: Expr,
  assignment: [IToken, Expr] | undefined,
  span: Span,
  double: boolean,
): BlockItem {
  if (assignment === undefined) {
    const node: OutputNode = { type: "Output", expr, double, span };
    return { kind: "node", node };
  }
  const [assignTok, value] = assignment;
  if (expr.type !== "Identifier" && expr.type !== "Member" && expr.type !== "Index") {
    throw new ZephyrError({
      code: "ZE_SYNTAX",
      message: "the left side of '=' must be a variable, a member (x.y) or an index (x[i])",
      span: joinSpans(expr.span, ctx.tokenSpan(assignTok)),
      hint: "to compare two values, write '=='",
    });
  }
  const node: AssignNode = { type: "Assign", target: expr, value, double, span };
  return { kind: "node", node };
}

export function foreachItem(iterable: Expr, first: string, second: string | undefined, span: Span): BlockItem {
  return second === undefined
    ? { kind: "foreach", iterable, key: undefined, value: first, span }
    : { kind: "foreach", iterable, key: first, value: second, span };
}

/**
 * The tree of `values[valBase] (operators[opBase + i] values[valBase + 1 + i])*`: tighter operators bind first, equal
 * ones from the left (the tree a one-rule-per-level grammar builds).
 */
export function combineChain(
  operators: readonly IToken[],
  opBase: number,
  values: readonly Expr[],
  valBase: number,
): Expr {
  const end = operators.length;
  const base = opBase;
  const first = values[valBase];
  const operands = (i: number): Expr => values[valBase + 1 + i - opBase];
  // Common case: one precedence level throughout (`a + b + c`): a left fold.
  const level = precedence(operators[base]);
  let same = true;
  for (let i = base + 1; i < end && same; i++) same = precedence(operators[i]) === level;
  if (same) {
    let result = first;
    for (let i = base; i < end; i++) result = binaryNode(operators[i], result, operands(i));
    return result;
  }
  // Shunting-yard: an operator waits until the next one binds no tighter.
  const stack: Expr[] = [first];
  const pending: IToken[] = [];
  for (let i = base; i <= end; i++) {
    const p = i < end ? precedence(operators[i]) : 0;
    while (pending.length > 0 && precedence(pending[pending.length - 1]) >= p) {
      const right = stack.pop() as Expr;
      stack.push(binaryNode(pending.pop() as IToken, stack.pop() as Expr, right));
    }
    if (i < end) {
      pending.push(operators[i]);
      stack.push(operands(i));
    }
  }
  return stack[0];
}
