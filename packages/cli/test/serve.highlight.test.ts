/** The playground's highlighter (assets/playground/highlight.js, plain JavaScript run by the page), tested in Node. */
import { compile, ZephyrError } from "@zephyr/zephyr";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const HIGHLIGHT = new URL("../assets/playground/highlight.js", import.meta.url).href;
const { tokenize, highlightHtml, lineStarts, spanOffsets } = await import(/* @vite-ignore */ HIGHLIGHT);

type Token = { start: number; end: number; type: string; inTag: boolean };
const tokens = (src: string): [string, string][] =>
  tokenize(src).map((t: Token) => [src.slice(t.start, t.end), t.type]);
const significant = (src: string) => tokens(src).filter(([, type]) => type !== "space");

describe("playground highlighter", () => {
  it("covers any text with tokens, in order, without gaps, and never throws", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("{", "}", "*", '"', "'", "\\", "/", " ", "\n", "a", "1", "(", "😀") }),
        (src) => {
          let at = 0;
          for (const t of tokenize(src) as Token[]) {
            expect(t.start).toBe(at);
            expect(t.end).toBeGreaterThan(t.start);
            at = t.end;
          }
          expect(at).toBe(src.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("follows the engine's rules for what opens a tag", () => {
    expect(tokens('{ "a": 1 } and }')).toEqual([['{ "a": 1 } and }', "text"]]);
    expect(tokens("{\n}")).toEqual([["{\n}", "text"]]);
    expect(significant("Hi {first_name}!")).toEqual([
      ["Hi ", "text"],
      ["{", "delim"],
      ["first_name", "name"],
      ["}", "delim"],
      ["!", "text"],
    ]);
    expect(significant("{{x}}")).toEqual([
      ["{{", "delim"],
      ["x", "name"],
      ["}}", "delim"],
    ]);
  });

  it("tells comments, strings, keywords, calls, members, numbers and literals apart", () => {
    expect(tokens("{* note {x} *}a")).toEqual([
      ["{* note {x} *}", "comment"],
      ["a", "text"],
    ]);
    expect(tokens("{* never closed {x}")).toEqual([["{* never closed {x}", "comment"]]);
    expect(significant(`{if profile.vars.n >= 2 && f("a\\"b", 'c')}{/if}`)).toEqual([
      ["{", "delim"],
      ["if", "kw"],
      ["profile", "name"],
      [".", "punct"],
      ["vars", "prop"],
      [".", "punct"],
      ["n", "prop"],
      [">=", "op"],
      ["2", "num"],
      ["&&", "op"],
      ["f", "fn"],
      ["(", "punct"],
      ['"a\\"b"', "str"],
      [",", "punct"],
      ["'c'", "str"],
      [")", "punct"],
      ["}", "delim"],
      ["{", "delim"],
      ["/", "kw"],
      ["if", "kw"],
      ["}", "delim"],
    ]);
    expect(significant("{x = {'a': true, 'b': null}}")).toEqual([
      ["{", "delim"],
      ["x", "name"],
      ["=", "op"],
      ["{", "punct"],
      ["'a'", "str"],
      [":", "op"],
      ["true", "lit"],
      [",", "punct"],
      ["'b'", "str"],
      [":", "op"],
      ["null", "lit"],
      ["}", "punct"],
      ["}", "delim"],
    ]);
    expect(significant('{"unclosed}')).toEqual([
      ["{", "delim"],
      ['"unclosed}', "error"],
    ]);
  });

  it("marks the characters inside tags, and escapes HTML", () => {
    const inTag = tokenize("a{b}c").map((t: Token) => t.inTag);
    expect(inTag).toEqual([false, true, true, true, false]);
    const html = highlightHtml("<b>{x}</b>", [{ start: 3, end: 6, severity: "error" }]);
    expect(html).toContain("&lt;b&gt;");
    expect(html).not.toContain("<b>");
    expect(html).toContain('<span class="t-delim in-tag d-error">{</span>');
    expect(highlightHtml("ab", [{ start: 2, end: 2, severity: "warning" }])).toContain(
      '<span class="diag-point d-warning"></span>',
    );
  });

  it("turns the engine's spans into the same offsets, whatever the line breaks", () => {
    for (const src of ["a\r\n\r\n  {if x}", "a\rb\n{if x}", "😀 {if x}", "\n\n\t{if x}"]) {
      let span: any;
      try {
        compile(src);
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        span = e.span;
      }
      expect(span, src).toBeDefined();
      expect(spanOffsets(span, lineStarts(src), src.length), JSON.stringify(src)).toEqual({
        start: span.offset,
        end: span.endOffset,
      });
    }
  });
});
