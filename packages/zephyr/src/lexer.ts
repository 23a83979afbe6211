import { createToken, Lexer, type TokenType } from "chevrotain";

/*
 * Three modes. `text`: literal text, comments and tag openers. `tag`: inside `{ ... }` (and inside object literals,
 * which push `tag` again, so the mode stack balances nested braces). `dtag`: inside `{{ ... }}`.
 */

// The first-char optimization cannot analyse a complement set, so the text token lists its possible first chars:
// every char below 256 (the `{` too: `{ ` and a final `{` are text) and one char per 255-char block above
// (Chevrotain buckets larger char codes that way).
const TEXT_START_CHARS: string[] = [];
for (let c = 0; c < 256; c++) TEXT_START_CHARS.push(String.fromCharCode(c));
for (let c = 256; c < 65536; c += 255) TEXT_START_CHARS.push(String.fromCharCode(c));

const WHITESPACE = /\s/;

/**
 * Literal text: everything up to a `{` followed by a non-whitespace character (a tag). A `{` followed by whitespace,
 * or ending the input, is text; so is every `}`. A linear scan rather than a regex: an alternation repeated per
 * character backtracks once per character and overflows the regexp stack on multi-megabyte text.
 */
function matchText(text: string, offset: number): [string] | null {
  let i = offset;
  for (;;) {
    i = text.indexOf("{", i); // native search: much faster than a charCodeAt loop over long text
    if (i < 0) {
      i = text.length;
      break;
    }
    if (i + 1 < text.length && !WHITESPACE.test(text[i + 1])) break;
    i++;
  }
  return i > offset ? [text.slice(offset, i)] : null;
}

export const Text = createToken({
  name: "Text",
  pattern: { exec: matchText },
  line_breaks: true,
  start_chars_hint: TEXT_START_CHARS,
});
// The tokens that start with `{`, as char-code tests rather than regexps (a regexp test per candidate was most of the
// cost of a tag opener, and every tag has one). As regexps: Comment /\{\*[\s\S]*?\*\}/, UnclosedComment
// /\{\*[\s\S]*/, DoubleOpen /\{\{/, and TagOpen /\{(?=\S)/ except at `{*` and `{{`: that exclusion, not the
// order in the mode, is what gives the other three precedence, so TagOpen, the common one, is tried first.
const OPEN_BRACE: [string] = ["{"];
const OPEN_DOUBLE: [string] = ["{{"];

function matchTagOpen(text: string, offset: number): [string] | null {
  if (text.charCodeAt(offset) !== 123 || offset + 1 >= text.length) return null;
  const next = text.charCodeAt(offset + 1);
  return next === 123 || next === 42 || WHITESPACE.test(text[offset + 1]) ? null : OPEN_BRACE;
}

function matchComment(text: string, offset: number): [string] | null {
  if (text.charCodeAt(offset) !== 123 || text.charCodeAt(offset + 1) !== 42) return null;
  const end = text.indexOf("*}", offset + 2);
  return end < 0 ? null : [text.slice(offset, end + 2)];
}

function matchUnclosedComment(text: string, offset: number): [string] | null {
  return text.charCodeAt(offset) === 123 && text.charCodeAt(offset + 1) === 42 ? [text.slice(offset)] : null;
}

function matchDoubleOpen(text: string, offset: number): [string] | null {
  return text.charCodeAt(offset) === 123 && text.charCodeAt(offset + 1) === 123 ? OPEN_DOUBLE : null;
}

export const Comment = createToken({
  name: "Comment",
  pattern: { exec: matchComment },
  line_breaks: true,
  start_chars_hint: ["{"],
});
export const UnclosedComment = createToken({
  name: "UnclosedComment",
  pattern: { exec: matchUnclosedComment },
  line_breaks: true,
  start_chars_hint: ["{"],
});
/** A tag opener, `{` or `{{` (the parser consumes either as one token type). */
export const Open = createToken({ name: "Open", pattern: Lexer.NA, label: "'{'" });
export const DoubleOpen = createToken({
  name: "DoubleOpen",
  pattern: { exec: matchDoubleOpen },
  line_breaks: false,
  start_chars_hint: ["{"],
  push_mode: "dtag",
  label: "'{{'",
  categories: [Open],
});
export const TagOpen = createToken({
  name: "TagOpen",
  pattern: { exec: matchTagOpen },
  line_breaks: false,
  start_chars_hint: ["{"],
  push_mode: "tag",
  label: "'{'",
  categories: [Open],
});

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });
/**
 * One space, the usual separator inside a tag: a single-character pattern, which the lexer compares without a regexp
 * and, as it cannot hold a line break, without line counting. Skipped like WhiteSpace, which takes every other run.
 */
export const Space = createToken({ name: "Space", pattern: " ", group: Lexer.SKIPPED });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/, push_mode: "tag", label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, pop_mode: true, label: "'}'" });
export const DoubleClose = createToken({ name: "DoubleClose", pattern: /\}\}/, pop_mode: true, label: "'}}'" });
/** A single `}` inside `{{ ... }}`: never valid there; the parser reports it. */
export const StrayRCurly = createToken({ name: "StrayRCurly", pattern: /\}/, label: "'}'" });

/**
 * A string in single or double quotes, backslash escapes included: what /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'/
 * matches, found with indexOf rather than a regexp step per character.
 */
function matchString(text: string, offset: number): [string] | null {
  const quote = text.charCodeAt(offset);
  if (quote !== 34 && quote !== 39) return null;
  const q = quote === 34 ? '"' : "'";
  // Each search starts where the last one left off, so a string full of backslashes stays linear.
  let close = text.indexOf(q, offset + 1);
  let slash = text.indexOf("\\", offset + 1);
  for (;;) {
    if (close < 0) return null;
    if (slash < 0 || slash > close) return [text.slice(offset, close + 1)];
    const next = slash + 2; // the backslash and the character it escapes (slash < close: there is one)
    if (close < next) close = text.indexOf(q, next);
    slash = text.indexOf("\\", next);
  }
}

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: { exec: matchString },
  line_breaks: true,
  start_chars_hint: ['"', "'"],
  label: "a string",
});
export const UnclosedString = createToken({
  name: "UnclosedString",
  pattern: /["'][\s\S]*/,
  line_breaks: true,
  label: "a string",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/,
  label: "a number",
});
/** Which ASCII characters may start a name (1) or continue one (1 or 2): /[A-Za-z_$][A-Za-z0-9_$]*\/. */
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) NAME_CHAR[c] = 1;
  else if (/[0-9]/.test(ch)) NAME_CHAR[c] = 2;
}
const NAME_START_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$"];

/** A name, /[A-Za-z_$][A-Za-z0-9_$]*\/, by a table lookup per character rather than a regexp. */
function matchName(text: string, offset: number): [string] | null {
  const c = text.charCodeAt(offset);
  if (c >= 128 || NAME_CHAR[c] !== 1) return null;
  let i = offset + 1;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d >= 128 || NAME_CHAR[d] === 0) break;
  }
  return [text.slice(offset, i)];
}

/** Every keyword is also a valid member name (`x.case`), so keywords share the Name category with Identifier. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });
export const Identifier = createToken({
  name: "Identifier",
  pattern: { exec: matchName },
  line_breaks: false,
  start_chars_hint: NAME_START_CHARS,
  label: "a name",
  categories: [Name],
});

/**
 * A keyword: the word, not followed by a character that would make it a longer name (`iffy` is a name). Checked
 * here, so the lexer need not also try the Identifier pattern on every keyword (what `longer_alt` does).
 */
function keyword(word: string): TokenType {
  const image: [string] = [word];
  const after = word.length;
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: {
      exec: (text: string, offset: number) => {
        if (!text.startsWith(word, offset)) return null;
        const c = text.charCodeAt(offset + after);
        return c < 128 && NAME_CHAR[c] !== 0 ? null : image;
      },
    },
    line_breaks: false,
    start_chars_hint: [word[0]],
    categories: [Name],
    label: `'${word}'`,
  });
}
export const If = keyword("if");
export const Else = keyword("else");
export const Foreach = keyword("foreach");
export const As = keyword("as");
export const Switch = keyword("switch");
export const Case = keyword("case");
export const Select = keyword("select");
export const Break = keyword("break");
export const Continue = keyword("continue");
export const Include = keyword("include");
export const LambdaKw = keyword("lambda");
export const For = keyword("for");
export const In = keyword("in");
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");
const KEYWORDS = [
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
  True,
  False,
  Null,
];

/** Operator categories: the parser reads a chain of binary operators in one loop (precedence applied afterwards). */
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA, label: "an operator" });
export const UnaryOp = createToken({ name: "UnaryOp", pattern: Lexer.NA, label: "'!' or '-'" });

function op(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, label: `'${pattern}'`, categories });
}
export const Eq = op("Eq", "==", [BinaryOp]);
export const NotEq = op("NotEq", "!=", [BinaryOp]);
export const LtEq = op("LtEq", "<=", [BinaryOp]);
export const GtEq = op("GtEq", ">=", [BinaryOp]);
export const Lt = op("Lt", "<", [BinaryOp]);
export const Gt = op("Gt", ">", [BinaryOp]);
export const AndAnd = op("AndAnd", "&&", [BinaryOp]);
export const OrOr = op("OrOr", "||", [BinaryOp]);
export const Bang = op("Bang", "!", [UnaryOp]);
export const Plus = op("Plus", "+", [BinaryOp]);
export const Minus = op("Minus", "-", [BinaryOp, UnaryOp]);
export const Star = op("Star", "*", [BinaryOp]);
export const Slash = op("Slash", "/", [BinaryOp]);
export const Percent = op("Percent", "%", [BinaryOp]);
export const Assign = op("Assign", "=");
export const Question = op("Question", "?");
export const Colon = op("Colon", ":");
export const Dot = op("Dot", ".");
export const Comma = op("Comma", ",");
export const LParen = op("LParen", "(");
export const RParen = op("RParen", ")");
export const LBracket = op("LBracket", "[");
export const RBracket = op("RBracket", "]");

const EXPRESSION_TOKENS = [
  Space,
  WhiteSpace,
  StringLiteral,
  UnclosedString,
  NumberLiteral,
  ...KEYWORDS,
  Identifier,
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
  Dot,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
];

export const LEXER_DEFINITION = {
  modes: {
    text: [TagOpen, Comment, UnclosedComment, DoubleOpen, Text],
    tag: [...EXPRESSION_TOKENS, RCurly],
    dtag: [...EXPRESSION_TOKENS, DoubleClose, StrayRCurly],
  },
  defaultMode: "text",
};

/** Every token type, for the parser (Name first: categories must be known before their members). */
export const ALL_TOKENS: TokenType[] = [
  Name,
  Open,
  BinaryOp,
  UnaryOp,
  Text,
  Comment,
  UnclosedComment,
  DoubleOpen,
  TagOpen,
  WhiteSpace,
  LCurly,
  RCurly,
  DoubleClose,
  StrayRCurly,
  Space,
  ...EXPRESSION_TOKENS.filter((t) => t !== Space && t !== WhiteSpace && t !== LCurly),
];

/**
 * `validate`: run Chevrotain's lexer checks and insist on the first-char optimization (the lexer test does); the
 * shared lexers skip the checks, which cost start-up time and cannot fail at run time. `positions`: "full" gives every
 * token its lines and columns; "onlyOffset" only its offset (cheaper: the parser derives positions for what it keeps).
 */
export function createLexer(validate = false, positions: "full" | "onlyOffset" = "full"): Lexer {
  return new Lexer(LEXER_DEFINITION, {
    ensureOptimizations: validate,
    skipValidations: !validate,
    positionTracking: positions,
    recoveryEnabled: false,
    // Chevrotain's own line terminators, passed as a regexp so it counts lines with the regexp, not with its
    // charCodeAt loop: the regexp is faster on text, and a charCodeAt loop gets several times slower in a process
    // where any library has made an object inheriting from String.prototype (nunjucks does, for SafeString).
    lineTerminatorsPattern: /\n|\r\n?/g,
    lineTerminatorCharacters: ["\n", "\r"],
  });
}

/**
 * The parser's lexer (Chevrotain lexers are stateless between `tokenize` calls): tokens carry their offsets only, and
 * the parser computes lines and columns from the source for the spans it builds (parser.ts, `tokenSpan`).
 */
export const offsetLexer = createLexer(false, "onlyOffset");

let fullLexer: Lexer | undefined;
/** A lexer whose tokens carry lines and columns too, for tools and tests (built on first use). */
export const lexer: Pick<Lexer, "tokenize"> = {
  tokenize: (text: string) => {
    fullLexer ??= createLexer();
    return fullLexer.tokenize(text);
  },
};
