import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AT_VALUE,
  escapeJsonString,
  escapeJsonStringHinted,
  IN_ESCAPE,
  IN_STRING,
  jsonTransitions,
  jsonValue,
  OUTSIDE,
  quoteJsonString,
  quoteJsonStringHinted,
} from "./json-context.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** JSON.stringify's escaping of a well-formed string: the reference. */
const reference = (s: string) => JSON.stringify(s.toWellFormed()).slice(1, -1);

describe("escapeJsonString", () => {
  it("escapes exactly as JSON.stringify, lone surrogates becoming U+FFFD (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => escapeJsonString(s) === reference(s)),
      { numRuns: RUNS },
    );
    const tricky = fc.constantFrom(
      "a",
      '"',
      "\\",
      "\n",
      "\u0001",
      "\u001f",
      "\ud800",
      "\udc00",
      "😀",
      "é",
      "\u2028",
      "`",
    );
    fc.assert(
      fc.property(fc.string({ unit: tricky }), (s) => escapeJsonString(s) === reference(s)),
      { numRuns: RUNS },
    );
  });

  it("returns the same string when nothing needs escaping", () => {
    const s = "Hi Zoë 😀";
    expect(escapeJsonString(s)).toBe(s);
  });

  it("always yields text that parses back inside quotes (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => JSON.parse(`"${escapeJsonString(s)}"`) === s.toWellFormed()),
      { numRuns: RUNS },
    );
  });
});

describe("quoteJsonString and the hinted escapers", () => {
  it("agree with escapeJsonString whatever the hints say, for any sequence of values (fast-check)", () => {
    const value = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("plain", 'a "quote"', "\ud800", "😀", ""));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), (values) => {
        const hints = [0, 0];
        for (const s of values) {
          expect(escapeJsonStringHinted(s, hints, 0)).toBe(escapeJsonString(s));
          expect(quoteJsonStringHinted(s, hints, 1)).toBe(`"${escapeJsonString(s)}"`);
          expect(quoteJsonString(s)).toBe(`"${escapeJsonString(s)}"`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("switch to JSON.stringify after a value that needed escaping, and back after one that did not", () => {
    const hints = [0];
    expect(escapeJsonStringHinted('a"b', hints, 0)).toBe('a\\"b');
    expect(hints[0]).toBe(1);
    expect(escapeJsonStringHinted("ab", hints, 0)).toBe("ab");
    expect(hints[0]).toBe(0);
  });

  it("on the JSON.stringify path, tell a lone surrogate (U+FFFD) from a backslash before 'ud' (kept)", () => {
    const hints = [1, 1];
    const backslashUd = '"\\ud800"'; // a quote, a backslash, "ud800", a quote: no surrogate
    expect(quoteJsonStringHinted(backslashUd, hints, 0)).toBe(JSON.stringify(backslashUd));
    expect(quoteJsonStringHinted('"\ud800', hints, 0)).toBe('"\\"\ufffd"');
    expect(escapeJsonStringHinted('a"\ud83d\ude00\udc00', hints, 1)).toBe('a\\"\ud83d\ude00\ufffd');
    expect(escapeJsonStringHinted('a"\\ud83d', hints, 1)).toBe('a\\"\\\\ud83d');
  });
});

describe("jsonValue", () => {
  it("writes complete JSON values", () => {
    expect([
      jsonValue('a"b'),
      jsonValue(1.5),
      jsonValue(Number.NaN),
      jsonValue(null),
      jsonValue(undefined),
      jsonValue([1, "x"]),
      jsonValue(true),
    ]).toEqual(['"a\\"b"', "1.5", "null", "null", "null", '[1,"x"]', "true"]);
  });
});

describe("jsonTransitions", () => {
  it("follows strings, escapes and value positions through literal text", () => {
    const t = (text: string, from = OUTSIDE) => jsonTransitions(text)[from];
    expect(t('{\n"to": "')).toBe(IN_STRING);
    expect(t('{\n"to": ')).toBe(AT_VALUE);
    expect(t('"a\\')).toBe(IN_ESCAPE);
    expect(t('"a\\"')).toBe(IN_STRING);
    expect(t("[1, ")).toBe(AT_VALUE);
    expect(t('", "x": 1}', IN_STRING)).toBe(OUTSIDE);
    expect(t('", "b": "', IN_STRING)).toBe(IN_STRING);
    expect(t("\n", AT_VALUE)).toBe(AT_VALUE);
  });
});
