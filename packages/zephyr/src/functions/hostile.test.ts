/**
 * Functions stay linear in their data, or charge the steps limit by the size of the work (issue 13, item 3):
 * `text()` on tag soup, `dedupe`/`intersect` over megabyte strings, comparisons of long strings.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZephyrError } from "../errors.js";
import type { RenderInput } from "../options.js";
import { compile } from "../template.js";
import { decodeEntities, htmlToText, stripTags } from "./strings.js";
import { run } from "./test-context.js";

/** The render's outcome: its output, or the code of the ZephyrError it ended with; and how long it took. */
function outcome(src: string, input: RenderInput = {}): { result: string; ms: number } {
  const started = performance.now();
  let result: string;
  try {
    result = compile(src).render(input, { escape: "none" }).output;
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    result = e.code;
  }
  return { result, ms: performance.now() - started };
}

describe("text() is linear", () => {
  // Each took 10–35 s before: a tag pattern failed from every "<" after scanning to the end of the text.
  it.each([
    ["<p", 160_000],
    ["<li", 100_000],
    ["<script", 45_000],
    ["<style><script>", 20_000],
    ["<!--", 80_000],
  ])("%j × %i", (unit, n) => {
    const { result, ms } = outcome("{length(text(bio))}", { data: { bio: unit.repeat(n) } });
    expect(ms).toBeLessThan(1_500);
    expect(Number(result)).toBeGreaterThanOrEqual(0);
  });

  /** The implementation before (quadratic on unclosed tags), kept as an oracle for short texts. */
  function oldHtmlToText(html: string): string {
    const BLOCK = "p|div|h[1-6]|ul|ol|table|tr|blockquote|section|article|header|footer|pre|address|center";
    let s = html.replace(/<(script|style|head|title|noscript)\b[\s\S]*?<\/\1\s*>/gi, "");
    s = s.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
    s = s.replace(/\s+/g, " ");
    s = s.replace(/<br\s*\/?>/gi, "\n");
    s = s.replace(new RegExp(`</?(?:${BLOCK})\\b[^>]*>`, "gi"), "\n\n");
    s = s.replace(/<li\b[^>]*>/gi, "\n- ");
    s = s.replace(/<\/t[dh]\s*>/gi, " ");
    s = decodeEntities(stripTags(s));
    const lines = s.split("\n").map((line) => line.replace(/[ \t\f\v\u00a0]+/g, " ").trim());
    const out: string[] = [];
    for (const line of lines) {
      if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
      out.push(line);
    }
    while (out.length > 0 && out[out.length - 1] === "") out.pop();
    return out.join("\n");
  }

  it("gives what the former implementation gave, on tag soup", () => {
    const pieces = [
      ..."<>/ a\n&;",
      "<p",
      "<P>",
      "</p>",
      "<li",
      "<li>",
      "<script",
      "<SCRIPT>",
      "</script>",
      "</Script >",
      "<style>",
      "</style>",
      "<noscript>",
      "</noscript>",
      "<title>",
      "</title>",
      "<head>",
      "<header>",
      "</head>",
      "<!--",
      "-->",
      "<br/>",
      "</td>",
      "&amp;",
      "<div class=x>",
      "<pre",
      "text",
    ];
    const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join(""));
    fc.assert(
      fc.property(soup, (html) => {
        expect(htmlToText(html)).toBe(oldHtmlToText(html));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("dedupe and intersect", () => {
  // 1 000 distinct strings of 1 MB, as ropes (cheap to make here; each flattened or copied would be 1 MB).
  const base = "x".repeat(1 << 20);
  const big = Array.from({ length: 1000 }, (_, i) => base + i);

  it.each(["dedupe(big)", "intersect(big, big)"])(
    "%s over 1 000 distinct 1 MB strings: ZE_LIMIT_STEPS at once (30–50 s before)",
    (call) => {
      const { result, ms } = outcome(`{length(${call})}`, { data: { big } });
      expect(result).toBe("ZE_LIMIT_STEPS");
      expect(ms).toBeLessThan(1_000);
    },
  );

  it("hash strings without copying them, and still compare by value across types", () => {
    const items = [1, "1", 1, "1", -0, 0, null, null, true, true, [1], [1], { a: 1, b: 2 }, { b: 2, a: 1 }, "a", "a"];
    // Objects are deduplicated by their url (these have none, so both stay).
    expect(run("dedupe", [items])).toEqual([1, "1", -0, null, true, [1], { a: 1, b: 2 }, { b: 2, a: 1 }, "a"]);
    expect(run("intersect", [items, ["a", 0, [1], "1", { a: 1, b: 2 }]])).toEqual(["1", -0, [1], { a: 1, b: 2 }, "a"]);
    expect(
      run("intersect", [
        [1, 2, 3],
        ["1", "2"],
      ]),
    ).toEqual([]);
  });

  it("charge the text they hash", () => {
    const s = "y".repeat(100_000);
    const items = Array.from({ length: 20 }, (_, i) => s + i);
    // 20 × 100 000 units: 20 000 steps, over a limit of 10 000.
    expect(() => run("dedupe", [items], { limits: { steps: 10_000 } })).toThrow(/over 10000 steps/);
    expect(run("dedupe", [items], { limits: { steps: 30_000 } })).toHaveLength(20);
  });
});

describe("comparing long strings is charged", () => {
  const s = "z".repeat(1_000_000);
  const t = `${"z".repeat(999_999)}!`;
  const xs = Array.from({ length: 100_000 }, (_, i) => i);

  it.each(["s == t", "s != t", "s < t"])("{if %s} in a loop of 100 000: ZE_LIMIT_STEPS, fast", (test) => {
    const { result, ms } = outcome(`{foreach xs as x}{if ${test}}{/if}{/foreach}`, { data: { s, t, xs } });
    expect(result).toBe("ZE_LIMIT_STEPS");
    expect(ms).toBeLessThan(1_000);
  });

  it("contains() over a list of long strings, and sort() of long strings, are charged", () => {
    const list = Array.from({ length: 50 }, (_, i) => `${"q".repeat(100_000)}${i % 10}`);
    expect(() => run("contains", [list, "q".repeat(100_001)], { limits: { steps: 10_000 } })).toThrow(/steps/);
    expect(() => run("sort", [list], { limits: { steps: 10_000 } })).toThrow(/steps/);
    expect(run("contains", [list, `${"q".repeat(100_000)}3`])).toBe(true);
  });
});

describe("values that share a big part are never printed or keyed whole", () => {
  // A list holding one 1 MB string 1 000 times is 8 KB, but prints (or keys) to a gigabyte: a RangeError before.
  const s = "w".repeat(1 << 20);
  const data = { s };
  const shared = "{l = map(range(1, 1000), lambda x: s)}";

  it.each([
    ["dedupe([l, l])", "ZE_LIMIT_STEPS"],
    ["intersect([l], [l])", "ZE_LIMIT_STEPS"],
    ["bucket_list([1], lambda x: l)", "ZE_LIMIT_OUTPUT"],
    ["contains('abc', l)", "ZE_LIMIT_OUTPUT"],
    ["join([l], ',')", "ZE_LIMIT_OUTPUT"],
    ["horizon_select([{'tags': [l]}, {'tags': 'a'}], 1)", "ZE_LIMIT_OUTPUT"],
  ])("{%s}: %s, fast", (call, code) => {
    const { result, ms } = outcome(`${shared}{x = ${call}}`, { data });
    expect(result).toBe(code);
    expect(ms).toBeLessThan(1_000);
  });

  it("error messages quote a long key or value briefly", () => {
    const t = compile("{x = null}{x[s]}");
    let message = "";
    try {
      t.render({ data }, { strict: true });
    } catch (e) {
      message = (e as ZephyrError).message;
    }
    expect(message).toContain("cannot read 'www");
    expect(message.length).toBeLessThan(200);
    const index = compile(`${shared}{m = [1]}{m[l] = 1}`);
    expect(() => index.render({ data })).toThrow(/^list index a list is out of range/);
  });
});
