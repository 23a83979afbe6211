import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anySource, template } from "../test/arbitraries.js";
import { classifyTokens } from "./tokens.js";

const kinds = (src: string) =>
  classifyTokens(src)
    .filter((t) => t.kind !== "space")
    .map((t) => `${t.kind}:${src.slice(t.start, t.end)}`);

describe("classifyTokens", () => {
  it("classifies text, tags, keywords, calls, members and literals", () => {
    expect(kinds("Hi {upper(profile.vars.first_name)}!")).toEqual([
      "text:Hi ",
      "delim:{",
      "fn:upper",
      "punct:(",
      "name:profile",
      "punct:.",
      "prop:vars",
      "punct:.",
      "prop:first_name",
      "punct:)",
      "delim:}",
      "text:!",
    ]);
    expect(kinds("{if x == null}a{else if !y}b{/if}")).toEqual([
      "delim:{",
      "kw:if",
      "name:x",
      "op:==",
      "lit:null",
      "delim:}",
      "text:a",
      "delim:{",
      "kw:else",
      "kw:if",
      "op:!",
      "name:y",
      "delim:}",
      "text:b",
      "delim:{",
      "kw:/",
      "kw:if",
      "delim:}",
    ]);
  });

  it("tells object braces from tag braces, and member names from keywords", () => {
    expect(kinds("{f({'a': x.case})}")).toEqual([
      "delim:{",
      "fn:f",
      "punct:(",
      "punct:{",
      "str:'a'",
      "op::",
      "name:x",
      "punct:.",
      "prop:case",
      "punct:}",
      "punct:)",
      "delim:}",
    ]);
    expect(kinds("{{x}} { y } {* c *}")).toEqual(["delim:{{", "name:x", "delim:}}", "text: { y } ", "comment:{* c *}"]);
  });

  it("marks what the lexer rejects as errors and keeps going", () => {
    expect(kinds("{x # y}")).toEqual(["delim:{", "name:x", "error:#", "name:y", "delim:}"]);
    expect(kinds("{{a}b}}")).toEqual(["delim:{{", "name:a", "error:}", "name:b", "delim:}}"]);
    expect(kinds("{'open")).toEqual(["delim:{", "error:'open"]);
  });

  it("covers every character exactly once, in order (any source)", () => {
    fc.assert(
      fc.property(fc.oneof(anySource, template), (src) => {
        const tokens = classifyTokens(src);
        let at = 0;
        for (const t of tokens) {
          expect(t.start).toBe(at);
          expect(t.end).toBeGreaterThan(t.start);
          at = t.end;
        }
        expect(at).toBe(src.length);
      }),
    );
  });
});
