/** Units of `zephyr check` that are easier to pin down without a process: diff, JSON text, XML escaping. */
import { locate } from "@zephyr/attentive/internal";
import { describe, expect, it } from "vitest";
import { diffLines, diffText } from "../src/check/diff.js";
import { alignKeys, jsonEqual, stringifyJson } from "../src/check/json-text.js";
import { attr, text } from "../src/check/reporters.js";

describe("diffLines", () => {
  it("shows changed lines with up to 3 lines of context and … for the rest", () => {
    const a = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"].join("\n");
    const b = a.replace("9", "nine");
    expect(diffText(diffLines(a, b))).toBe(
      ["- expected", "+ actual", "  …", "  6", "  7", "  8", "- 9", "+ nine", "  10"].join("\n"),
    );
  });

  it("puts removals before additions and makes trailing white space visible", () => {
    const lines = diffLines("a\nb \nc", "a\nB\nb\nc");
    expect(diffText(lines)).toBe(["- expected", "+ actual", "  a", "- b·", "+ B", "+ b", "  c"].join("\n"));
  });

  it("has no changed line for equal texts", () => {
    expect(diffLines("x\ny", "x\ny").every((l) => l.op === " " || l.op === "…")).toBe(true);
  });
});

describe("JSON text", () => {
  it("writes 2-space JSON with short lists and flat objects on one line", () => {
    const value = {
      name: "n",
      diagnostics: ["AT_TO_NOT_E164", "AT_BODY_EMPTY"],
      sms: { encoding: "GSM-7", segments: 1 },
      payload: { to: "+12025550143", body: "a long enough body that this object does not fit on one line at all" },
      empty: [],
    };
    expect(stringifyJson(value)).toBe(
      [
        "{",
        '  "name": "n",',
        '  "diagnostics": ["AT_TO_NOT_E164", "AT_BODY_EMPTY"],',
        '  "sms": { "encoding": "GSM-7", "segments": 1 },',
        '  "payload": {',
        '    "to": "+12025550143",',
        '    "body": "a long enough body that this object does not fit on one line at all"',
        "  },",
        '  "empty": []',
        "}",
      ].join("\n"),
    );
  });

  it("keeps the original text of every unchanged value", () => {
    const original = '{\n  "profile": {"a":1,   "b": [1,2]},\n  "n": 1.50,\n  "payload": {"x": 1}\n}';
    const located = locate(original);
    if (!located.ok) throw new Error("fixture");
    const value = { profile: { a: 1, b: [1, 2] }, n: 1.5, payload: { x: 2 }, added: true };
    expect(stringifyJson(value, { text: original, value: located.value, locations: located.locations })).toBe(
      '{\n  "profile": {"a":1,   "b": [1,2]},\n  "n": 1.50,\n  "payload": { "x": 2 },\n  "added": true\n}',
    );
  });

  it("compares JSON values regardless of key order, and aligns keys for a readable diff", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(Object.keys(alignKeys({ z: 1, b: 2, a: 3 }, { a: 0, b: 0 }) as object)).toEqual(["a", "b", "z"]);
  });
});

describe("XML escaping for the JUnit reporter", () => {
  it("escapes markup in text and attributes", () => {
    expect(text(`a <b> & "c"`)).toBe(`a &lt;b&gt; &amp; "c"`);
    expect(attr(`a <b> & "c" 'd'\n`)).toBe(`"a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;&#10;"`);
  });

  it("replaces characters XML 1.0 cannot hold, keeping emoji", () => {
    expect(text("a\u0000b\u001bc\uD800d 😀")).toBe("a\uFFFDb\uFFFDc\uFFFDd 😀");
  });
});
