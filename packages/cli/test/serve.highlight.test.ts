/**
 * The playground's highlighter (assets/playground/highlight.js, plain JavaScript run by the page), tested in Node
 * with the tokens the page gets from `POST /api/tokens` (tokensRequest, the engine's lexer).
 */
import { compile, ZephyrError } from "@zephyr/zephyr";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anySource, template } from "../../zephyr/test/arbitraries.js";
import { tokensRequest } from "../src/serve/api.js";
import { HttpError } from "../src/serve/http.js";

const HIGHLIGHT = new URL("../assets/playground/highlight.js", import.meta.url).href;
const { adjustTokens, fromApi, highlightHtml, lineStarts, plainTokens, spanOffsets } = await import(
  /* @vite-ignore */ HIGHLIGHT
);

type Token = { start: number; end: number; type: string; inTag: boolean };
const engineTokens = (src: string): Token[] => fromApi(tokensRequest({ template: src }).tokens);
const significant = (src: string) =>
  engineTokens(src)
    .filter((t) => t.type !== "space")
    .map((t) => [src.slice(t.start, t.end), t.type]);

function expectCover(tokens: Token[], length: number) {
  let at = 0;
  for (const t of tokens) {
    expect(t.start).toBe(at);
    expect(t.end).toBeGreaterThan(t.start);
    at = t.end;
  }
  expect(at).toBe(length);
}

/** One edit: replace [from, from + removed) of `src` by `inserted`. */
const edit = fc.record({ from: fc.nat(), removed: fc.nat({ max: 6 }), inserted: fc.string({ maxLength: 6 }) });
const apply = (src: string, e: { from: number; removed: number; inserted: string }) => {
  const from = Math.min(e.from, src.length);
  return src.slice(0, from) + e.inserted + src.slice(Math.min(src.length, from + e.removed));
};

describe("POST /api/tokens (tokensRequest)", () => {
  it("answers [start, end, kind, inTag] for every character, from the engine's lexer", () => {
    expect(tokensRequest({ template: "Hi {x}" })).toEqual({
      tokens: [
        [0, 3, "text", 0],
        [3, 4, "delim", 1],
        [4, 5, "name", 1],
        [5, 6, "delim", 1],
      ],
    });
    fc.assert(
      fc.property(fc.oneof(anySource, template), (src) => expectCover(engineTokens(src), src.length)),
      { numRuns: 200 },
    );
  });

  it("checks the request: a JSON object with a string template and no other field", () => {
    for (const body of [null, [], "x", {}, { template: 1 }, { template: "", extra: 1 }]) {
      expect(() => tokensRequest(body)).toThrow(HttpError);
    }
    expect(() => tokensRequest({ template: 1 })).toThrow(/template must be a string/);
  });
});

describe("playground highlighter", () => {
  it("draws the engine's token kinds, including the ones a hand-written tokenizer got wrong", () => {
    expect(significant('{ "a": 1 } and }')).toEqual([['{ "a": 1 } and }', "text"]]);
    expect(significant("{if x}a{else if !y}b{/if}").map(([, type]) => type)).toEqual([
      "delim",
      "kw",
      "name",
      "delim",
      "text",
      "delim",
      "kw",
      "kw",
      "op",
      "name",
      "delim",
      "text",
      "delim",
      "kw",
      "kw",
      "delim",
    ]);
    // A member named like a keyword is a member, as the engine reads it.
    expect(significant("{x.case}")).toEqual([
      ["{", "delim"],
      ["x", "name"],
      [".", "punct"],
      ["case", "prop"],
      ["}", "delim"],
    ]);
  });

  it("marks the characters inside tags, and escapes HTML", () => {
    const src = "<b>{x}</b>";
    const html = highlightHtml(src, engineTokens(src), [{ start: 3, end: 6, severity: "error" }]);
    expect(html).toContain("&lt;b&gt;");
    expect(html).not.toContain("<b>");
    expect(html).toContain('<span class="t-delim in-tag d-error">{</span>');
    expect(highlightHtml("ab", plainTokens("ab"), [{ start: 2, end: 2, severity: "warning" }])).toContain(
      '<span class="diag-point d-warning"></span>',
    );
    expect(highlightHtml("", plainTokens(""))).toBe("\n ");
  });

  it("carries tokens across an edit: covering the new text, unchanged before and after the edit", () => {
    fc.assert(
      fc.property(fc.oneof(anySource, template), edit, (src, e) => {
        const next = apply(src, e);
        const old = engineTokens(src);
        const carried: Token[] = adjustTokens(old, src, next);
        expectCover(carried, next.length);
        // Each character before the first difference keeps the type it had.
        let prefix = 0;
        while (prefix < Math.min(src.length, next.length) && src[prefix] === next[prefix]) prefix++;
        const typeAt = (tokens: Token[], i: number) => tokens.find((t) => t.start <= i && i < t.end)?.type;
        for (let i = 0; i < prefix; i++) expect(typeAt(carried, i)).toBe(typeAt(old, i));
        // And each character after the last difference too (shifted by the change in length).
        let suffix = 0;
        while (
          suffix < Math.min(src.length, next.length) - prefix &&
          src[src.length - 1 - suffix] === next[next.length - 1 - suffix]
        )
          suffix++;
        for (let i = 1; i <= suffix; i++) expect(typeAt(carried, next.length - i)).toBe(typeAt(old, src.length - i));
      }),
      { numRuns: 300 },
    );
    // Typing inside a string keeps the string's colour until the engine answers.
    const src = "{x = 'ab'}";
    const carried = adjustTokens(engineTokens(src), src, "{x = 'aXb'}");
    expect(carried.find((t: Token) => t.start <= 6 && 6 < t.end).type).toBe("str");
    expect(carried.at(-1)).toEqual({ start: 10, end: 11, type: "delim", inTag: true });
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
