import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AT_VALUE,
  escapeJsonString,
  IN_ESCAPE,
  IN_STRING,
  jsonTransitions,
  jsonValue,
  OUTSIDE,
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
