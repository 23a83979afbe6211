import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locate, parseJson, stringOffset } from "./json-locate.js";

const runs = Number(process.env.FUZZ_RUNS ?? 300);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function errorOf(text: string) {
  const result = locate(text);
  if (result.ok) throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
  return result.error;
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], root);
}

describe("locate agrees with JSON.parse", () => {
  it("builds the same value for any JSON value, pretty or compact", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        const result = locate(text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
      }),
      { numRuns: runs },
    );
  });

  it("reports an error exactly when JSON.parse throws, for random and for mutated JSON text", () => {
    const jsonish = fc
      .array(fc.constantFrom(..."{}[]\":,0123456789.-+eE truefalsn\\u\n\t'x"), { maxLength: 30 })
      .map((chars) => chars.join(""));
    const mutated = fc
      .tuple(fc.jsonValue(), fc.nat(), fc.constantFrom("", ",", '"', "}", "]", "\n", "\\", "0", ":", "\u0001"))
      .map(([v, at, insert]) => {
        const text = JSON.stringify(v, null, 2);
        const i = at % (text.length + 1);
        return at % 2 === 0 ? text.slice(0, i) + insert + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonish, mutated), (text) => {
        const result = locate(text);
        expect(result.ok).toBe(parses(text));
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
        else expect(result.error.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: runs * 3 },
    );
  });

  it("keeps a __proto__ key as an own property, as JSON.parse does", () => {
    const result = locate('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(result.ok && Object.hasOwn(result.value as object, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("handles deep nesting without overflowing the stack", () => {
    const depth = 100_000;
    const result = locate("[".repeat(depth) + "]".repeat(depth));
    expect(result.ok).toBe(true);
  });
});

describe("locate: locations", () => {
  it("gives the range of every value and key, so each slice parses back to what is at its pointer", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 2);
        const result = locate(text);
        if (!result.ok) throw new Error("valid JSON rejected");
        for (const [pointer, { value, key }] of result.locations) {
          expect(JSON.parse(text.slice(value.start, value.end))).toEqual(valueAt(result.value, pointer));
          if (key)
            expect(JSON.parse(text.slice(key.start, key.end))).toBe(
              pointer
                .slice(pointer.lastIndexOf("/") + 1)
                .replace(/~1/g, "/")
                .replace(/~0/g, "~"),
            );
        }
      }),
      { numRuns: runs },
    );
  });

  it("locates values of a payload", () => {
    const text = '{\n  "to": "+12125551234",\n  "list": [1, {"a/b": true}]\n}';
    const result = locate(text);
    if (!result.ok) throw new Error("valid JSON rejected");
    expect(result.locations.get("/to")).toEqual({ value: { start: 10, end: 24 }, key: { start: 4, end: 8 } });
    expect(
      text.slice(result.locations.get("/list/1/a~1b")?.value.start, result.locations.get("/list/1/a~1b")?.value.end),
    ).toBe("true");
    expect(result.locations.get("")?.value).toEqual({ start: 0, end: text.length });
  });

  it("reports duplicate keys, keeps the last value, and forgets the first value's children", () => {
    const result = locate('{"a": {"b": 1}, "a": 2}');
    if (!result.ok) throw new Error("valid JSON rejected");
    expect(result.value).toEqual({ a: 2 });
    expect(result.duplicates).toEqual([{ pointer: "/a", key: { start: 16, end: 19 }, first: { start: 1, end: 4 } }]);
    expect(result.locations.has("/a/b")).toBe(false);
    expect(result.locations.get("/a")?.value).toEqual({ start: 21, end: 22 });
  });

  it("maps an index in a decoded string to its output offset, through escapes", () => {
    const text = '{"s": "a\\nb\\u0041c"}';
    const range = { start: 6, end: text.length - 1 };
    expect([0, 1, 2, 3, 4, 5].map((i) => text[stringOffset(text, range, i)])).toEqual(["a", "\\", "b", "\\", "c", '"']);
  });
});

describe("locate: syntax errors say what is wrong and where", () => {
  it.each([
    ['{"to": "+1" "body": "x"}', 12, `expected ',' or '}' after the value of "to", found '"'`],
    ['{"a": 1,}', 7, "trailing comma before '}'"],
    ["[1, 2,]", 5, "trailing comma before ']'"],
    ['{"body": "Hi', 9, "closing '\"' is missing"],
    ['{"body": "Hi\nAnn"}', 12, "line break inside a text value"],
    ['{"body": "a\tb"}', 11, "tab character inside a text value"],
    ['{"body": "a\u0001b"}', 11, "control character U+0001"],
    ['{"body": "a\\qb"}', 11, "invalid escape '\\q'"],
    ['{"body": "\\u12G4"}', 10, "invalid escape '\\u12G4'"],
    ["{'to': 1}", 1, "property names must be in double quotes"],
    ['{to: "x"}', 1, "expected a property name in double quotes, found 't'"],
    ['{"to" "x"}', 6, `expected ':' after the property name "to"`],
    ["{\"to\": 'x'}", 7, "text values must be in double quotes, not single quotes"],
    ['{"body": Hi}', 9, "expected a value (text values must be in double quotes), found 'H'"],
    ['{"to": }', 7, "expected a value before '}'"],
    ["[1 2]", 3, "expected ',' or ']' after item 1 of the list"],
    ['{"n": 012}', 6, "invalid number: numbers cannot start with 0"],
    ['{"n": 1.}', 6, "invalid number"],
    ['{"a": 1} x', 9, "unexpected 'x' after the end of the JSON value"],
    ["\u00a0{}", 0, "expected a value, found character U+00A0"],
    ['{"a": [1', 8, "the output ends too early inside a list: expected ',' or ']' after item 1 of the list"],
    ['{"a": ', 6, "the output ends too early inside an object: expected a value"],
    [" \n ", 0, "the output is empty"],
  ])("%j → offset %i", (text, offset, message) => {
    const error = errorOf(text);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });
});

describe("parseJson: JSON.parse first, the locator only for errors and repeated keys", () => {
  /** JSON text made of objects whose keys repeat often, with ':', quotes and backslashes inside strings. */
  const key = fc.constantFrom("a", "b", "a:b", 'q"', "\\", "__proto__", "c");
  const leaf = fc.oneof(
    fc.constantFrom("1", "null", '"x:y"', '"\\":"', '":"', "[]", "{}"),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );
  const text = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc
        .array(fc.tuple(key, tie("node")), { maxLength: 4 })
        .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)} : ${v}`).join(", ")}}`),
      fc.array(tie("node"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
    ),
  })).node;

  it("gives the locator's value and duplicates for any JSON text, repeated keys or not (fast-check)", () => {
    fc.assert(
      fc.property(text, (t) => {
        const located = locate(t);
        const parsed = parseJson(t);
        expect(located.ok).toBe(true);
        expect(parsed.ok).toBe(true);
        if (!located.ok || !parsed.ok) return;
        expect(parsed.value).toEqual(located.value);
        expect(parsed.duplicates).toEqual(located.duplicates);
        // The locator runs for repeated keys, and only when some ':' is in a string or a key repeats.
        if (located.duplicates.length > 0) expect(parsed.located).toBeDefined();
      }),
      { numRuns: runs * 3 },
    );
  });

  it("does not run the locator for JSON without repeated keys, even with ':' in its strings", () => {
    expect(parseJson('{"to": "+1", "body": "Hi: a {b} \\"c:d\\"", "n": {"x": [1, {"y": ":"}]}}')).toEqual({
      ok: true,
      value: { to: "+1", body: 'Hi: a {b} "c:d"', n: { x: [1, { y: ":" }] } },
      duplicates: [],
    });
  });

  it("reports a repeated key, also inside a value that a later key replaced", () => {
    const result = parseJson('{"a": {"b": 1, "b": 2}, "a": 3}');
    expect(result.ok && result.duplicates.map((d) => d.pointer)).toEqual(["/a/b", "/a"]);
  });

  it("counts own properties only: an enumerable property added to Object.prototype hides no repeated key", () => {
    Object.defineProperty(Object.prototype, "polluted", {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    let result: ReturnType<typeof parseJson>;
    try {
      result = parseJson('{"a": 1, "a": 2, "b": {"c": [{"d": 1, "d": 2}]}}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expect(result.ok && result.duplicates.map((d) => d.pointer)).toEqual(["/a", "/b/c/0/d"]);
  });

  it("gives the locator's syntax error", () => {
    expect(parseJson('{"a": 1,}')).toEqual(locate('{"a": 1,}'));
  });
});
