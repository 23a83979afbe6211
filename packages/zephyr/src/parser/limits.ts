/**
 * The parser's limits: template size, and nesting depth (brackets in the token stream, expressions while parsing, and
 * the finished AST), so that hostile input is a located error rather than a stack overflow downstream.
 */
import { EOF, type IToken } from "chevrotain";
import { type Expr, exprChildren, type Node } from "../ast.js";
import { ZephyrError } from "../errors.js";
import * as T from "../lexer.js";
import type { ParseContext } from "./context.js";
import { ranOnTag, unbalancedQuote, unclosed } from "./hints.js";

/** A template longer than limits.templateSize (checked before anything else reads it). */
export function templateTooLarge(length: number, max: number): ZephyrError {
  return new ZephyrError({
    code: "ZE_LIMIT_TEMPLATE_SIZE",
    message: `the template is ${length} characters long; the limit is ${max}`,
    hint: "raise limits.templateSize (CLI: --max-template-size) if this template is meant to be this large",
  });
}

/** Nesting deeper than limits.depth, at `token` (the parser stops there rather than overflow the stack). */
export function tooDeep(ctx: ParseContext, token: IToken, max: number): ZephyrError {
  return new ZephyrError({
    code: "ZE_LIMIT_DEPTH",
    message: `expressions are nested more than ${max} levels deep`,
    span: token.tokenType === EOF ? undefined : ctx.tokenSpan(token),
    hint: "simplify the expression, or raise limits.depth (CLI: --max-depth)",
  });
}

/**
 * The AST's depth, measured without recursion: blocks inside blocks, and expressions inside expressions (a chain
 * `a + b + c` nests too). Past `max` it is a ZE_LIMIT_DEPTH error, so the compiler, the formatter and the renderer,
 * which do recurse, never meet a tree deeper than the limit.
 */
export function checkNesting(body: readonly Node[], max: number): void {
  const stack: [Node | Expr, number][] = body.map((n) => [n, 1]);
  while (stack.length > 0) {
    const [x, depth] = stack.pop() as [Node | Expr, number];
    if (depth > max) {
      throw new ZephyrError({
        code: "ZE_LIMIT_DEPTH",
        message: `blocks or expressions are nested (or chained) more than ${max} levels deep`,
        span: x.span,
        hint: "simplify the template, or raise limits.depth (CLI: --max-depth)",
      });
    }
    for (const child of nested(x)) stack.push([child, depth + 1]);
  }
}

function nested(x: Node | Expr): (Node | Expr)[] {
  switch (x.type) {
    case "Output":
      return [x.expr];
    case "Assign":
      return [x.target, x.value];
    case "If":
      return [...x.branches.flatMap((b) => [b.test, ...b.body]), ...(x.alternate ?? [])];
    case "Foreach":
      return [x.iterable, ...x.body];
    case "Switch":
      return [x.discriminant, ...x.cases.flatMap((c) => [c.test, ...c.body])];
    case "Select":
      return x.cases.flatMap((c) => [c.test, ...c.body]);
    case "Include":
      return [x.name];
    default:
      return exprChildren(x as Expr);
  }
}

/**
 * What the token stream alone shows: the first unclosed string or comment, or bracket nesting deeper than the limit;
 * and a bound on the AST's depth. Every node on a path down the AST takes at least one token of its own (an operator,
 * a bracket, a keyword, a name), so a node is no deeper than its enclosing blocks (at most one per block keyword)
 * plus the tokens of its tag: when that bound is within the limit, `checkNesting` cannot fail and is skipped.
 */
export function scanTokens(
  ctx: ParseContext,
  tokens: IToken[],
  maxDepth: number,
): { error: ZephyrError | undefined; depthBound: number } {
  let depth = 0;
  let blocks = 0;
  let tagTokens = 0;
  let maxTagTokens = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const kind = SCAN_KIND[t.tokenTypeIdx] ?? 0;
    if (kind === 0) {
      if (++tagTokens > maxTagTokens) maxTagTokens = tagTokens;
      continue;
    }
    if (kind & UNCLOSED)
      return {
        error: ranOnTag(ctx, tokens, i) ?? unbalancedQuote(ctx, tokens, i) ?? unclosed(ctx, t),
        depthBound: Number.POSITIVE_INFINITY,
      };
    if (kind & OPENS) {
      if (++depth > maxDepth) return { error: tooDeep(ctx, t, maxDepth), depthBound: Number.POSITIVE_INFINITY };
    } else if (kind & CLOSES) depth--;
    if (kind & TEXT) tagTokens = 0;
    else {
      if (kind & STARTS_TAG) tagTokens = 0;
      if (++tagTokens > maxTagTokens) maxTagTokens = tagTokens;
      if (kind & OPENS_BLOCK) blocks++;
    }
  }
  return { error: undefined, depthBound: blocks + maxTagTokens + 1 };
}

const OPENS = 1;
const CLOSES = 2;
const STARTS_TAG = 4;
const TEXT = 8;
const OPENS_BLOCK = 16;
const UNCLOSED = 32;
/** What `scanTokens` looks for in each token type (by `tokenTypeIdx`); 0 for the rest. */
const SCAN_KIND: number[] = [];
for (const [types, kind] of [
  [[T.LParen, T.LBracket, T.LCurly], OPENS],
  [[T.TagOpen, T.DoubleOpen], OPENS | STARTS_TAG],
  [[T.RParen, T.RBracket, T.RCurly, T.DoubleClose], CLOSES],
  [[T.Text, T.Comment], TEXT],
  [[T.If, T.Foreach, T.Switch, T.Select, T.Case], OPENS_BLOCK],
  [[T.UnclosedString, T.UnclosedComment], UNCLOSED],
] as const) {
  for (const type of types) SCAN_KIND[type.tokenTypeIdx as number] = kind;
}
