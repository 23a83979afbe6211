/**
 * Syntax-error messages: turns the lexer's and Chevrotain's errors into ZephyrErrors that say what went wrong in
 * Zephyr's terms, with a hint and, where one precise edit would fix it, a fix (issue 16, "lint that teaches").
 */
import { EOF, type IToken, type TokenType, tokenMatcher } from "chevrotain";
import { type Fix, ZephyrError } from "../errors.js";
import * as T from "../lexer.js";
import type { Span } from "../span.js";
import type { ParseContext } from "./context.js";

/** The first `length` characters of a token (on its first line). */
function startSpan(ctx: ParseContext, t: IToken, length: number): Span {
  const s = ctx.tokenSpan(t);
  return {
    offset: s.offset,
    endOffset: s.offset + length,
    line: s.line,
    column: s.column,
    endLine: s.line,
    endColumn: s.column + length,
  };
}

/** The error for an unclosed string or comment token. */
export function unclosed(ctx: ParseContext, t: IToken): ZephyrError {
  if (t.tokenType === T.UnclosedString) {
    return new ZephyrError({
      code: "ZE_UNCLOSED_STRING",
      message: `this string is never closed: no matching ${t.image[0]} follows`,
      span: startSpan(ctx, t, 1),
      hint: `close it with ${t.image[0]}; write \\${t.image[0]} for a quote inside the string`,
    });
  }
  return new ZephyrError({
    code: "ZE_UNCLOSED_COMMENT",
    message: "this comment is never closed: '{*' needs a matching '*}'",
    span: startSpan(ctx, t, 2),
  });
}

/**
 * `{contains('abc, 'b')}`: a string missing its closing quote swallows the comma, and its "closing" quote opens the
 * next argument, so the last quote of the tag is left unclosed. When an unclosed quote follows a word that follows a
 * string directly (`'abc, 'b`), the string is what went wrong: point at it and propose the missing quote (before
 * the comma it swallowed) or, without a comma in it, the missing quote and comma.
 */
export function unbalancedQuote(ctx: ParseContext, tokens: IToken[], i: number): ZephyrError | undefined {
  if (tokens[i].tokenType !== T.UnclosedString) return undefined;
  let j = i - 1;
  while (j >= 0 && (tokenMatcher(tokens[j], T.Name) || tokens[j].tokenType === T.NumberLiteral)) j--;
  if (j === i - 1 || j < 0 || tokens[j].tokenType !== T.StringLiteral) return undefined;
  const str = tokens[j];
  const strEnd = str.startOffset + str.image.length;
  if (tokens[j + 1].startOffset !== strEnd) return undefined; // `'a' b'`: not glued to the string
  const quote = str.image[0];
  const body = str.image.slice(1, -1);
  if (body.includes("\n") || body.includes("\r")) return undefined;
  const comma = body.lastIndexOf(",");
  const replacement =
    comma >= 0
      ? `${quote}${body.slice(0, comma).trimEnd()}${quote}${body.slice(comma)}${quote}`
      : `${quote}${body.trimEnd()}${quote}, ${quote}`;
  const between = sourceText(tokens, j + 1, i);
  const suggestion = `${replacement}${between}${quote}`;
  return new ZephyrError({
    code: "ZE_UNCLOSED_STRING",
    message: `unbalanced quotes: the string ${str.image} runs into ${between}, so the quote after it is never closed`,
    span: ctx.tokenSpan(str),
    hint: `a closing quote${comma >= 0 ? "" : " and a comma"} seem${comma >= 0 ? "s" : ""} to be missing: did you mean ${suggestion}?`,
    fix: {
      title: `write ${suggestion}`,
      span: ctx.offsetSpan(str.startOffset, strEnd),
      replacement,
    },
  });
}

/** The source text of tokens[from..to) (adjacent tokens; skipped whitespace between them is lost). */
function sourceText(tokens: IToken[], from: number, to: number): string {
  let out = "";
  for (let k = from; k < to; k++) out += tokens[k].image;
  return out;
}

/** A character no token accepts (the lexer's error at `offset`), with a hint for the usual ones. */
export function lexError(ctx: ParseContext, offset: number, length: number): ZephyrError {
  const ch = ctx.source[offset];
  const { line, column } = ctx.lines.position(offset);
  const span: Span = {
    offset,
    endOffset: offset + Math.max(1, length),
    line,
    column,
    endLine: line,
    endColumn: column + Math.max(1, length),
  };
  const hints: Record<string, string> = {
    "&": "the 'and' operator is '&&'",
    "|": "the 'or' operator is '||'",
    ";": "Zephyr has no ';': one statement per tag",
    "#": "'#' is not Zephyr syntax",
    "@": "'@' is not Zephyr syntax",
  };
  return new ZephyrError({
    code: "ZE_SYNTAX",
    message: `unexpected character ${JSON.stringify(ch)} inside a tag`,
    span,
    hint: hints[ch],
  });
}

export interface RecognitionError {
  name: string;
  message: string;
  token: IToken;
  previousToken?: IToken;
  context: { ruleStack: string[] };
}

/** Turns a Chevrotain recognition error into a ZephyrError with a message and hint for the common mistakes. */
export function parseError(
  ctx: ParseContext,
  e: RecognitionError,
  tagStart: IToken | undefined,
  tokens: IToken[],
): ZephyrError {
  const tok = e.token;
  const atEnd = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  if (atEnd && tagStart) {
    return new ZephyrError({
      code: "ZE_UNCLOSED_TAG",
      message: `this tag is never closed: '${tagStart.image}' has no matching '${tagStart.tokenType === T.DoubleOpen ? "}}" : "}"}'`,
      span: ctx.tokenSpan(tagStart),
      hint: "add the closing brace; a '{' followed by a space is literal text",
    });
  }
  const span = atEnd ? endSpan(ctx) : ctx.tokenSpan(tok);
  const found = atEnd ? "the end of the template" : describeToken(tok);
  let hint: string | undefined;
  const i = atEnd ? -1 : tokens.indexOf(tok);
  const prev = i > 0 ? tokens[i - 1] : undefined;
  const prev2 = i > 1 ? tokens[i - 2] : undefined;
  const special = i >= 0 ? specialError(ctx, e, tokens, i, tagStart) : undefined;
  if (special) return special;
  if (tok.tokenType === T.Colon && prev?.tokenType === T.StringLiteral && prev2?.tokenType === T.TagOpen) {
    hint =
      "this looks like JSON: a '{' followed by a non-space character opens a Zephyr tag. Put a line break (or a space) after the '{'";
  } else if (tok.tokenType === T.Colon && prev?.tokenType === T.StringLiteral && prev2?.tokenType === T.DoubleOpen) {
    hint =
      "'{{' opens a double-brace tag; write an expression that starts with an object literal in parentheses: {({'a': 1} + {'b': 2})}";
  } else if (tok.tokenType === T.StrayRCurly) {
    hint = "a tag opened with '{{' must be closed with '}}'";
  } else if (
    tok.tokenType === T.Assign &&
    prev &&
    (prev.tokenType === T.Assign || e.context.ruleStack.includes("expression"))
  ) {
    hint = "to compare two values, write '=='";
  } else if (tok.tokenType === T.Identifier && prev?.tokenType === T.Else && tok.image.startsWith("if")) {
    hint = "write '{else if condition}' with a space";
  } else if (tok.tokenType === T.Identifier && (tok.image === "elseif" || tok.image === "elif")) {
    hint = "write '{else if condition}'";
  } else if (tok.tokenType === T.Identifier && (tok.image === "and" || tok.image === "or" || tok.image === "not")) {
    hint = "Zephyr's logical operators are '&&', '||' and '!'";
  }
  let fix: Fix | undefined;
  if (hint === undefined && prev && i >= 0 && !/--> ':' <--/.test(e.message) && missingComma(tokens, i)) {
    // `{personalize({"algorithm": "popular" "size": 3})}`, `{f('a' 'b')}`: two values side by side in a list.
    const at = prev.startOffset + prev.image.length;
    hint = `a comma seems to be missing before ${found}`;
    fix = { title: "insert ','", span: ctx.offsetSpan(at, at), replacement: "," };
  }
  const inExpression = e.context.ruleStack.some((r) => r !== "template");
  const message =
    e.name === "MismatchedTokenException"
      ? `${expectedFromMessage(e.message)} but found ${found}`
      : inExpression || e.name === "NoViableAltException" // in a tag: its body matched no alternative
        ? `expected an expression but found ${found}`
        : `unexpected ${found}`;
  return new ZephyrError({ code: "ZE_SYNTAX", message, span, hint, fix });
}

/** Tokens that end a value, and tokens that start one. */
const ENDS_VALUE: readonly TokenType[] = [
  T.StringLiteral,
  T.NumberLiteral,
  T.Identifier,
  T.True,
  T.False,
  T.Null,
  T.RParen,
  T.RBracket,
  T.RCurly,
];
const STARTS_VALUE: readonly TokenType[] = [
  T.StringLiteral,
  T.NumberLiteral,
  T.Identifier,
  T.True,
  T.False,
  T.Null,
  T.LBracket,
  T.LCurly,
];

/**
 * Whether tokens[i] starts a value right after one ended, inside the brackets of a call, a list or an object of
 * the current tag: the comma between them is probably missing.
 */
function missingComma(tokens: IToken[], i: number): boolean {
  if (i < 1 || !STARTS_VALUE.includes(tokens[i].tokenType) || !ENDS_VALUE.includes(tokens[i - 1].tokenType))
    return false;
  let depth = 0;
  for (let k = i - 1; k >= 0; k--) {
    const t = tokens[k].tokenType;
    if (t === T.TagOpen || t === T.DoubleOpen) return false;
    if (t === T.RParen || t === T.RBracket || t === T.RCurly) depth++;
    else if (t === T.LParen || t === T.LBracket || t === T.LCurly) {
      if (depth === 0) return true;
      depth--;
    }
  }
  return false;
}

/** Keywords that open a condition tag, where `=` is most likely a comparison. */
const CONDITION_TAGS: readonly TokenType[] = [T.If, T.Else, T.Case, T.Switch];
/** Tokens after which a tag goes on to the next line on purpose (an operator, a comma, an opening bracket). */
const CONTINUES: readonly TokenType[] = [
  T.Comma,
  T.Colon,
  T.Question,
  T.Dot,
  T.Assign,
  T.Eq,
  T.NotEq,
  T.LtEq,
  T.GtEq,
  T.Lt,
  T.Gt,
  T.AndAnd,
  T.OrOr,
  T.Bang,
  T.Plus,
  T.Minus,
  T.Star,
  T.Slash,
  T.Percent,
  T.LambdaKw,
  T.As,
  T.In,
  T.For,
  T.If,
  T.Else,
  T.Foreach,
  T.Switch,
  T.Case,
  T.Include,
];
/** Tokens that continue a tag from the start of a line (`\n  + b`, `\n)`). */
const CONTINUES_LINE: readonly TokenType[] = [
  ...CONTINUES.filter((t) => t !== T.Bang && t !== T.Minus),
  T.RParen,
  T.RBracket,
];

/**
 * The mistakes that deserve their own message (issue 16, "lint that teaches"): a tag that runs into the next line,
 * `{elseif …}`, an assignment inside an expression, a ternary without `: else`. Each carries a fix when there is one
 * precise edit to propose.
 */
function specialError(
  ctx: ParseContext,
  e: RecognitionError,
  tokens: IToken[],
  i: number,
  tagStart: IToken | undefined,
): ZephyrError | undefined {
  const tok = tokens[i];
  const prev = i > 0 ? tokens[i - 1] : undefined;
  // The tag's opening token and its first keyword.
  let open = i;
  while (open >= 0 && tokens[open].tokenType !== T.TagOpen && tokens[open].tokenType !== T.DoubleOpen) open--;
  const opener = open >= 0 ? tokens[open] : tagStart;
  const first = open >= 0 && open + 1 < tokens.length ? tokens[open + 1] : undefined;

  const ranOn = ranOnTag(ctx, tokens, i, opener);
  if (ranOn) return ranOn;

  const misspelt = tok.image === "elseif" || tok.image === "elif" ? tok : undefined;
  const elseif =
    misspelt ?? (prev && (prev.image === "elseif" || prev.image === "elif") && first === prev ? prev : undefined);
  if (elseif && tokenMatcher(elseif, T.Name) && first === elseif) {
    return new ZephyrError({
      code: "ZE_SYNTAX",
      message: `'{${elseif.image} …}' is not a Zephyr tag: 'else if' is two words`,
      span: ctx.tokenSpan(elseif),
      hint: "did you mean {else if …}?",
      fix: { title: "write {else if …}", span: ctx.tokenSpan(elseif), replacement: "else if" },
    });
  }

  if (tok.tokenType === T.Assign) {
    const condition = first !== undefined && CONDITION_TAGS.includes(first.tokenType);
    const equals = ctx.tokenSpan(tok);
    return new ZephyrError({
      code: "ZE_SYNTAX",
      message: "an assignment cannot be part of an expression: assignments are statements, each in a tag of its own",
      span: equals,
      hint: condition
        ? "to compare two values, write '=='; to assign, write {x = value} in a tag before this one"
        : "write the assignment in a tag of its own, {x = value}, before the tag that uses x",
      fix: condition ? { title: "compare with '=='", span: equals, replacement: "==" } : undefined,
    });
  }

  if (e.name === "MismatchedTokenException" && /--> ':' <--/.test(e.message) && hasOpenTernary(tokens, open, i)) {
    const at = tok.startOffset;
    return new ZephyrError({
      code: "ZE_SYNTAX",
      message: "this ternary has no ': else' part: 'a ? b' needs ': c' for when a is false",
      span: ctx.tokenSpan(tok),
      hint: "write {a ? b : c}; for nothing when a is false, {a ? b : ''}",
      fix: { title: "add : ''", span: ctx.offsetSpan(at, at), replacement: " : ''" },
    });
  }
  return undefined;
}

/**
 * The error for a tag that ran into the next line (tokens[i] is where parsing failed), at its opening brace; undefined
 * when the tag did not (see `ranIntoNextLine`).
 */
export function ranOnTag(ctx: ParseContext, tokens: IToken[], i: number, tagStart?: IToken): ZephyrError | undefined {
  let open = i;
  while (open >= 0 && tokens[open].tokenType !== T.TagOpen && tokens[open].tokenType !== T.DoubleOpen) open--;
  const opener = open >= 0 ? tokens[open] : tagStart;
  if (!opener || open < 0) return undefined;
  const ranOn = ranIntoNextLine(ctx, tokens, open, i);
  if (ranOn === undefined) return undefined;
  const last = tokens[ranOn];
  const at = last.startOffset + last.image.length;
  const close = opener.tokenType === T.DoubleOpen ? "}}" : "}";
  const openLine = ctx.lineNumber(opener.startOffset);
  return new ZephyrError({
    code: "ZE_UNCLOSED_TAG",
    message: `this tag is never closed: '${opener.image}' on line ${openLine} has no '${close}', so the tag runs into line ${ctx.lineNumber(tokens[ranOn + 1].startOffset)}`,
    span: ctx.tokenSpan(opener),
    hint: `add '${close}' at the end of the tag on line ${ctx.lineNumber(at)}; a '{' followed by a space is literal text`,
    fix: { title: `close the tag with '${close}'`, span: ctx.offsetSpan(at, at), replacement: close },
  });
}

/**
 * Whether the tag opened at tokens[open] ran on past its line by mistake: the index of its last token before the
 * first line break where its brackets are all closed and the line does not end with an operator or a comma (so the
 * tag looked complete), when the error comes after that break; undefined otherwise.
 */
function ranIntoNextLine(ctx: ParseContext, tokens: IToken[], open: number, error: number): number | undefined {
  if (open < 0) return undefined;
  let depth = 0;
  for (let k = open + 1; k < error; k++) {
    const t = tokens[k].tokenType;
    if (t === T.LParen || t === T.LBracket || t === T.LCurly) depth++;
    else if (t === T.RParen || t === T.RBracket || t === T.RCurly) depth--;
    if (depth > 0 || CONTINUES.includes(t)) continue;
    const here = tokens[k];
    const end = here.startOffset + here.image.length;
    const next = tokens[k + 1];
    if (ctx.lineNumber(next.startOffset) > ctx.lineNumber(end - 1) && !CONTINUES_LINE.includes(next.tokenType))
      return k;
  }
  return undefined;
}

/** Whether a `?` in tokens(open..error) still waits for its `:`. */
function hasOpenTernary(tokens: IToken[], open: number, error: number): boolean {
  let pending = 0;
  for (let k = Math.max(0, open + 1); k < error; k++) {
    if (tokens[k].tokenType === T.Question) pending++;
    else if (tokens[k].tokenType === T.Colon && pending > 0) pending--;
  }
  return pending > 0;
}

function expectedFromMessage(message: string): string {
  const m = /Expecting (?:token of type )?--> (.+?) <--/.exec(message);
  return m ? `expected ${m[1]}` : "unexpected input";
}

function describeToken(tok: IToken): string {
  if (tok.tokenType === T.Text) return "text";
  const image = tok.image.length > 20 ? `${tok.image.slice(0, 20)}…` : tok.image;
  return `'${image}'`;
}

/** The empty span at the end of the source. */
function endSpan(ctx: ParseContext): Span {
  const end = ctx.source.length;
  return ctx.offsetSpan(end, end);
}
