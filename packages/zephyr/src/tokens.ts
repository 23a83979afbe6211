/**
 * Token kinds for editors and the playground, computed with the engine's own lexer (so a highlighter never
 * re-implements the lexer and never disagrees with it about where a tag starts or ends).
 */
import { type IToken, Lexer, type TokenType } from "chevrotain";
import {
  AndAnd,
  As,
  Assign,
  Bang,
  Break,
  Case,
  Colon,
  Comma,
  Comment,
  Continue,
  Dot,
  DoubleClose,
  DoubleOpen,
  Else,
  Eq,
  False,
  For,
  Foreach,
  Gt,
  GtEq,
  Identifier,
  If,
  In,
  Include,
  LambdaKw,
  LBracket,
  LCurly,
  LEXER_DEFINITION,
  LParen,
  Lt,
  LtEq,
  Minus,
  NotEq,
  Null,
  NumberLiteral,
  OrOr,
  Percent,
  Plus,
  Question,
  RBracket,
  RCurly,
  RParen,
  Select,
  Slash,
  Star,
  StrayRCurly,
  StringLiteral,
  Switch,
  TagOpen,
  Text,
  True,
  UnclosedComment,
  UnclosedString,
} from "./lexer.js";

/**
 * `text` literal text · `comment` `{* … *}` · `delim` the braces that open and close a tag · `kw` keywords and block
 * closers (`{/if}`) · `lit` true/false/null · `str` · `num` · `fn` a called name · `name` a variable · `prop` a member
 * name after `.` · `op` operators · `punct` `.` `,` brackets and object braces · `space` whitespace inside a tag ·
 * `error` what the lexer rejects (an unclosed string, a stray `}` in `{{ }}`, a character no token accepts).
 */
export type TokenKind =
  | "text"
  | "comment"
  | "delim"
  | "kw"
  | "lit"
  | "str"
  | "num"
  | "fn"
  | "name"
  | "prop"
  | "op"
  | "punct"
  | "space"
  | "error";

/** A stretch of source `[start, end)` (UTF-16 offsets) of one kind; `inTag` is true inside `{ … }` and `{{ … }}`. */
export interface SourceToken {
  start: number;
  end: number;
  kind: TokenKind;
  inTag: boolean;
}

let recovering: Lexer | undefined;
/**
 * The engine's lexer definition with error recovery on: the engine stops at the first character no token accepts
 * (and the parser reports it); a highlighter skips it and goes on, so the rest of the template keeps its colours.
 */
function recoveringLexer(): Lexer {
  recovering ??= new Lexer(LEXER_DEFINITION, {
    skipValidations: true,
    positionTracking: "onlyOffset",
    recoveryEnabled: true,
    lineTerminatorsPattern: /\n|\r\n?/g,
    lineTerminatorCharacters: ["\n", "\r"],
  });
  return recovering;
}

const KEYWORDS: ReadonlySet<TokenType> = new Set([
  If,
  Else,
  Foreach,
  As,
  Switch,
  Case,
  Select,
  Break,
  Continue,
  Include,
  LambdaKw,
  For,
  In,
]);
const LITERALS: ReadonlySet<TokenType> = new Set([True, False, Null]);
const OPERATORS: ReadonlySet<TokenType> = new Set([
  Eq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  AndAnd,
  OrOr,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Assign,
  Question,
  Colon,
]);
const PUNCTUATION: ReadonlySet<TokenType> = new Set([Dot, Comma, LParen, RParen, LBracket, RBracket]);

/**
 * Every character of `source` in exactly one token, in order, without gaps: the lexer's tokens classified, the
 * whitespace it skips inside tags as `space`, and characters it rejects as `error`. Linear in the source.
 */
export function classifyTokens(source: string): SourceToken[] {
  const { tokens, errors } = recoveringLexer().tokenize(source);
  const out: SourceToken[] = [];
  let depth = 0; // tag nesting: TagOpen / DoubleOpen / LCurly push, RCurly / DoubleClose pop
  let errorAt = 0;
  const gap = (start: number, end: number) => {
    // What the lexer skipped between two tokens: whitespace in a tag, or characters it reported as errors.
    let at = start;
    while (at < end) {
      while (errorAt < errors.length && errors[errorAt].offset + errors[errorAt].length <= at) errorAt++;
      const e = errors[errorAt];
      if (e && e.offset <= at) {
        const stop = Math.min(end, e.offset + e.length);
        out.push({ start: at, end: stop, kind: "error", inTag: depth > 0 });
        at = stop;
      } else {
        const stop = e && e.offset < end ? e.offset : end;
        out.push({ start: at, end: stop, kind: depth > 0 ? "space" : "text", inTag: depth > 0 });
        at = stop;
      }
    }
  };
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t: IToken = tokens[i];
    const type = t.tokenType;
    const start = t.startOffset;
    const end = start + t.image.length;
    if (start > at) gap(at, start);
    at = end;
    let kind: TokenKind;
    let inTag = depth > 0;
    if (type === Text) kind = "text";
    else if (type === Comment || type === UnclosedComment) kind = "comment";
    else if (type === TagOpen || type === DoubleOpen) {
      kind = "delim";
      depth++;
      inTag = true;
    } else if (type === LCurly) {
      kind = "punct";
      depth++;
    } else if (type === RCurly || type === DoubleClose) {
      depth = Math.max(0, depth - 1);
      kind = depth === 0 ? "delim" : "punct";
    } else if (type === StringLiteral) kind = "str";
    else if (type === UnclosedString || type === StrayRCurly) kind = "error";
    else if (type === NumberLiteral) kind = "num";
    else if (tokens[i - 1]?.tokenType === Dot && (type === Identifier || KEYWORDS.has(type) || LITERALS.has(type)))
      kind = "prop"; // a member name, keywords included: x.case
    else if (LITERALS.has(type)) kind = "lit";
    else if (type === Slash && tokens[i - 1]?.tokenType === TagOpen)
      kind = "kw"; // a closer: {/if}
    else if (OPERATORS.has(type)) kind = "op";
    else if (PUNCTUATION.has(type)) kind = "punct";
    else if (KEYWORDS.has(type)) kind = "kw";
    else if (type === Identifier && tokens[i - 1]?.tokenType === Slash && tokens[i - 2]?.tokenType === TagOpen)
      kind = "kw"; // the name in a closer: {/foreach}
    else if (tokens[i + 1]?.tokenType === LParen) kind = "fn";
    else kind = "name";
    out.push({ start, end, kind, inTag });
  }
  if (at < source.length) gap(at, source.length);
  return out;
}
