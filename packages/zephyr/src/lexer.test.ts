import { createToken, Lexer, type TokenType } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLexer, Identifier, LEXER_DEFINITION, lexer, offsetLexer } from "./lexer.js";

const kinds = (src: string) => lexer.tokenize(src).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe("lexer", () => {
  it("builds with the first-char optimization in every mode", () => {
    expect(() => createLexer(true)).not.toThrow();
  });

  it("opens a tag only at '{' followed by a non-space character", () => {
    expect(kinds("a { b } {c}")).toEqual(["Text:a { b } ", "TagOpen:{", "Identifier:c", "RCurly:}"]);
    expect(kinds('{\n"to": 1\n}')).toEqual(['Text:{\n"to": 1\n}']);
    expect(kinds("x {")).toEqual(["Text:x {"]);
  });

  it("keeps '}' in text literal", () => {
    expect(kinds("a } b")).toEqual(["Text:a } b"]);
  });

  it("lexes comments, double braces and nested object braces", () => {
    expect(kinds("{* note *}")).toEqual(["Comment:{* note *}"]);
    expect(kinds("{{x}}")).toEqual(["DoubleOpen:{{", "Identifier:x", "DoubleClose:}}"]);
    expect(kinds("{f({'a': {'b': 1}})}")).toEqual([
      "TagOpen:{",
      "Identifier:f",
      "LParen:(",
      "LCurly:{",
      "StringLiteral:'a'",
      "Colon::",
      "LCurly:{",
      "StringLiteral:'b'",
      "Colon::",
      "NumberLiteral:1",
      "RCurly:}",
      "RCurly:}",
      "RParen:)",
      "RCurly:}",
    ]);
  });

  it("does not end a tag at a '}' inside a string", () => {
    expect(kinds("{'}'}")).toEqual(["TagOpen:{", "StringLiteral:'}'", "RCurly:}"]);
  });

  it("tells keywords from names that start with them", () => {
    expect(kinds("{iffy}")).toEqual(["TagOpen:{", "Identifier:iffy", "RCurly:}"]);
    expect(kinds("{if x}")).toEqual(["TagOpen:{", "If:if", "Identifier:x", "RCurly:}"]);
  });

  it("lexes every operator", () => {
    const ops = kinds("{a == b != c <= d >= e < f > g && h || !i + j - k * l / m % n ? o : p ?: q = r . s , ( ) [ ]}")
      .filter((k) => !k.startsWith("Identifier"))
      .map((k) => k.split(":")[0]);
    expect(ops).toEqual([
      "TagOpen",
      "Eq",
      "NotEq",
      "LtEq",
      "GtEq",
      "Lt",
      "Gt",
      "AndAnd",
      "OrOr",
      "Bang",
      "Plus",
      "Minus",
      "Star",
      "Slash",
      "Percent",
      "Question",
      "Colon",
      "Question",
      "Colon",
      "Assign",
      "Dot",
      "Comma",
      "LParen",
      "RParen",
      "LBracket",
      "RBracket",
      "RCurly",
    ]);
  });

  it("tracks lines and columns across text and tags", () => {
    const t = lexer.tokenize("ab\n  {x}").tokens[2];
    expect([t.image, t.startLine, t.startColumn]).toEqual(["x", 2, 4]);
  });

  // Names, keywords and strings are matched by functions; the regexps they replace are the specification.
  it("matches names, keywords and strings exactly as the regexps they replace", () => {
    const byName = new Map<string, TokenType>();
    const identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_$][A-Za-z0-9_$]*/ });
    byName.set("Identifier", identifier);
    byName.set(
      "StringLiteral",
      createToken({
        name: "StringLiteral",
        pattern: /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'/,
        line_breaks: true,
      }),
    );
    const tagTokens = LEXER_DEFINITION.modes.tag;
    for (const t of tagTokens) {
      if (t.CATEGORIES?.some((c) => c.name === "Name") && t !== Identifier) {
        const word = t.name === "LambdaKw" ? "lambda" : t.name.toLowerCase();
        byName.set(t.name, createToken({ name: t.name, pattern: word, longer_alt: identifier }));
      }
    }
    const swap = (tokens: TokenType[]) => tokens.map((t) => byName.get(t.name) ?? t);
    const reference = new Lexer(
      {
        modes: {
          text: LEXER_DEFINITION.modes.text,
          tag: swap(tagTokens),
          dtag: swap(LEXER_DEFINITION.modes.dtag),
        },
        defaultMode: "text",
      },
      { positionTracking: "onlyOffset", skipValidations: true, recoveryEnabled: false },
    );
    const unit = fc.constantFrom(
      ..."ab_$9 '\"\\\n.é".split(""),
      "if",
      "in",
      "include",
      "for",
      "foreach",
      "true",
      "null",
      "lambda",
      "case",
      "x",
    );
    const show = (src: string, l: Pick<Lexer, "tokenize">) => {
      const r = l.tokenize(src);
      return [r.tokens.map((t) => `${t.tokenType.name}:${t.startOffset}:${t.image}`), r.errors.map((e) => e.offset)];
    };
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 14 }), (parts) => {
        const src = `{${parts.join("")}} {{${parts.join("")}}}`;
        expect(show(src, offsetLexer)).toEqual(show(src, reference));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) },
    );
  });

  it("lexes a string of 100 000 escapes in linear time", () => {
    const src = `{"${'\\"'.repeat(100_000)}"}`;
    const start = performance.now();
    const tokens = offsetLexer.tokenize(src).tokens;
    expect(tokens.map((t) => t.tokenType.name)).toEqual(["TagOpen", "StringLiteral", "RCurly"]);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
