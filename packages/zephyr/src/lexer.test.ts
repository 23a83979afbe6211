import { describe, expect, it } from "vitest";
import { createLexer, lexer } from "./lexer.js";

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
});
