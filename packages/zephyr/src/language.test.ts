/** Issue 16's language items: email, round()'s floats, assert/cancel messages, foreach guards, platform stubs. */
import { describe, expect, it } from "vitest";
import { ZephyrError } from "./errors.js";
import { isPayloadTemplate, lint } from "./lint.js";
import type { RenderInput, RenderOptions } from "./options.js";
import { parse } from "./parser.js";
import { compile } from "./template.js";
import { FloatValue, print, toJson } from "./values.js";

const raw = (src: string, input: RenderInput = {}, options: RenderOptions = {}) =>
  compile(src).render(input, { escape: "none", ...options });
const out = (src: string, input?: RenderInput, options?: RenderOptions) => raw(src, input, options).output;
const failure = (f: () => unknown): ZephyrError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("expected a ZephyrError");
};

describe("email is the recipient", () => {
  const profile = { email: "ann@example.com", vars: { email: "var@example.com" } };
  it("reads the profile's email, before a profile var of the same name", () => {
    expect(out("{email}", { profile })).toBe("ann@example.com");
  });
  it("a data value overrides it, an assignment overrides both", () => {
    expect(out("{email}", { profile, data: { email: "d@example.com" } })).toBe("d@example.com");
    expect(out("{email = 'a@example.com'}{email}", { profile, data: { email: "d@example.com" } })).toBe(
      "a@example.com",
    );
  });
  it("falls back to the profile var, and is defined in strict mode only when the profile has it", () => {
    expect(out("{email}", { profile: { vars: { email: "v@example.com" } } })).toBe("v@example.com");
    expect(out("{email}", { profile: { email: "s@example.com" } }, { strict: true })).toBe("s@example.com");
    expect(failure(() => raw("{email}", { profile: {} }, { strict: true })).code).toBe("ZE_UNDEFINED");
  });
  it("is bound in templates without a scope layout (with an include) too", () => {
    const t = compile("{include 'x'}{email}");
    const r = t.render({ profile: { email: "i@example.com" } }, { escape: "none", snippets: () => "" });
    expect(r.output).toBe("i@example.com");
  });
  it("lint still lists it as standard", () => {
    expect(lint("{email}")).toEqual([]);
  });
});

describe("round() returns a float", () => {
  it("prints with .0 in text, and int() makes it whole", () => {
    expect(out("{round(50.5)}|{int(round(50.5))}|{round(-0.4)}|{round(1234, -2)}|{round(3.14159, 2)}")).toBe(
      "51.0|51|0.0|1200.0|3.14",
    );
  });
  it("stays a float through arithmetic with numbers, and a plain number stays plain", () => {
    expect(out("{round(2.5) + 1}|{1 + round(2.5)}|{round(3) - 1}|{round(3) * 2}|{round(3) / 2}|{round(3) % 2}")).toBe(
      "4.0|4.0|2.0|6.0|1.5|1.0",
    );
    expect(out("{-round(2)}|{3 + 3.0}|{6 / 2}")).toBe("-2.0|6|3");
  });
  it("concatenates, and reaches string parameters, as 51.0", () => {
    expect(out("{'n=' + round(7)}|{round(7) + '!'}|{replace(round(4.2), '.0', '')}|{upper(round(1))}")).toBe(
      "n=7.0|7.0!|4|1.0",
    );
  });
  it("compares, tests and indexes as its number", () => {
    expect(out("{round(2) == 2}|{round(2) != 2.0}|{round(2) < 3}|{round(0.2) ? 'y' : 'n'}|{[5, 6][round(1)]}")).toBe(
      "true|false|true|n|6",
    );
    expect(out("{switch round(2)}{case 2}two{/case}{/switch}|{type(round(2))}|{contains([2], round(2))}")).toBe(
      "two|number|true",
    );
  });
  it("personalize() takes a float size, contains() a float key", () => {
    const provider = { personalize: (req: { size?: unknown }) => [{ size: typeof req.size, n: req.size }] };
    const r = compile("{personalize({'size': round(2.4)})[0]}{contains({'2': 1}, round(2))}").render(
      {},
      { escape: "none", provider: provider as never },
    );
    expect(r.output).toBe('{"size":"number","n":2}true');
  });
  it("a float key assigns and reads the member its number names", () => {
    expect(out("{o = {}}{o[round(1)] = 'a'}{l = [0, 0]}{l[round(1)] = 5}{o}{o[1]}{o[round(1)]}{l}")).toBe(
      '{"1":"a"}aa[0, 5]',
    );
  });
  it("number parameters and the functions that take any value read its number", () => {
    expect(out("{number(round(1234.4), 2)}|{number(5, round(1))}|{date('yyyy', round(0))}|{time(round(60))}")).toBe(
      "1,234.00|5.0|1970|60",
    );
    expect(out("{sort([round(3), 1, round(2)])}|{length(round(3))}|{dedupe([round(1), 1, 1.0])}")).toBe(
      "[1, 2.0, 3.0]|3|[1.0]",
    );
  });
  it("is written as a JSON number with its decimal in payload mode", () => {
    const t = compile('{\n"n": {round(2.4)}, "l": {[round(1), {"k": round(2)}]}, "s": "{round(7)}"\n}');
    const expected = '{\n"n": 2.0, "l": [1.0,{"k":2.0}], "s": "7.0"\n}';
    expect(t.render({}).output).toBe(expected);
    expect(t.render({}, { segments: true }).output).toBe(expected);
    expect(JSON.parse(expected)).toEqual({ n: 2, l: [1, { k: 2 }], s: "7.0" });
  });
  it("the JSON marks of floats never touch data: keys with lone surrogates and look-alike strings stay", () => {
    const value = { "\ud8002.0\ud800": new FloatValue(1), s: "\ud8001.0\ud800", l: [new FloatValue(2)] };
    const json = toJson(value);
    expect(json).toBe('{"\\ud8002.0\\ud800":1.0,"s":"�1.0�","l":[2.0]}');
    expect(print([new FloatValue(-0), new FloatValue(0.5)])).toBe("[0.0, 0.5]");
  });
});

describe("assert() and cancel() accept any message", () => {
  it("stores lists and objects as compact JSON", () => {
    expect(raw("{assert(false, {'a': 1})}x").cancelled?.message).toBe('{"a":1}');
    expect(raw("{cancel(true, [1, 'b', {'c': null}])}x").cancelled?.message).toBe('[1,"b",{"c":null}]');
  });
  it("prints other values; null or nothing gives the default message", () => {
    expect(raw("{assert(0, round(2))}").cancelled?.message).toBe("2.0");
    expect(raw("{assert(0, true)}").cancelled?.message).toBe("true");
    expect(raw("{assert(0, null)}").cancelled?.message).toBe("assert failed: the condition is 0");
    expect(raw("{cancel(1)}").cancelled?.message).toBe("cancelled by cancel()");
  });
  it("a message too large to store is a limit error, not a crash", () => {
    const e = failure(() => raw("{l = range(1, 5000)}{assert(false, {'l': l})}", {}, { limits: { outputSize: 100 } }));
    expect(e.code).toBe("ZE_LIMIT_OUTPUT");
  });
});

describe("changing what a foreach iterates is an error", () => {
  const error = (src: string, input?: RenderInput) => {
    const e = failure(() => raw(src, input));
    return [e.code, e.message, `${e.span?.line}:${e.span?.column}`];
  };
  it("assigning the iterated variable, a member of it, or replacing it as a member", () => {
    expect(error("{l = [1]}{foreach l as v}{l = []}{/foreach}")).toEqual([
      "ZE_FOREACH_MUTATION",
      "cannot change 'l' while the {foreach} at line 1, column 10 iterates over it",
      "1:26",
    ]);
    expect(error("{l = [1]}{foreach l as i, v}{l[i] = 2}{/foreach}")[0]).toBe("ZE_FOREACH_MUTATION");
    expect(error("{o = {'x': [1]}}{foreach o.x as v}{o.x = []}{/foreach}")[1]).toBe(
      "cannot change 'o.x' while the {foreach} at line 1, column 17 iterates over it",
    );
    expect(error("{o = {'x': [1]}}{foreach o.x as v}{o.x[0] = 5}{/foreach}")[0]).toBe("ZE_FOREACH_MUTATION");
  });
  it("push() and set() on it, also from a lambda, also an outer loop's list", () => {
    expect(error("{l = [1]}{foreach l as v}{push('l', 2)}{/foreach}")[2]).toBe("1:27");
    expect(error("{l = [1]}{foreach l as v}{set('l', 2)}{/foreach}")[0]).toBe("ZE_FOREACH_MUTATION");
    expect(error("{l = [1]}{foreach l as v}{x = map([1], lambda y: push('l', y))}{/foreach}")[0]).toBe(
      "ZE_FOREACH_MUTATION",
    );
    expect(error("{l = [[1]]}{foreach l as a}{foreach a as b}{l = 1}{/foreach}{/foreach}")[0]).toBe(
      "ZE_FOREACH_MUTATION",
    );
  });
  it("the list of a profile var, read by its bare name", () => {
    expect(error("{foreach tags as t}{push('tags', 'x')}{/foreach}", { profile: { vars: { tags: ["a"] } } })[0]).toBe(
      "ZE_FOREACH_MUTATION",
    );
  });
  it("changing other variables, an item's own members, or the list after the loop is fine", () => {
    expect(out("{l = [1, 2]}{foreach l as v}{m = v}{push('seen', v)}{/foreach}{l = [3]}{push('l', 4)}{l}{seen}")).toBe(
      "[3, 4][1, 2]",
    );
    expect(out("{l = [{'n': 1}]}{foreach l as i, v}{l[i].n = 5}{v.k = 1}{/foreach}{l}")).toBe('[{"n":5}]');
    expect(out("{foreach [1, 2] as v}{l = [v]}{/foreach}{l}")).toBe("[2]");
  });
  it("a loop over nothing, a string error, and break leave no guard behind", () => {
    expect(out("{foreach missing as v}{/foreach}{missing = 1}{missing}")).toBe("1");
    expect(out("{l = [1, 2]}{foreach l as v}{break}{/foreach}{l = []}{l}")).toBe("[]");
  });
});

describe("platform stubs", () => {
  it("fail without the option, with a hint that names it", () => {
    const e = failure(() => raw("{promotion().code}"));
    expect([e.code, e.hint]).toEqual([
      "ZE_UNAVAILABLE",
      "preview it with platform stubs (CLI: --platform stub, the default of preview and serve), or guard the call",
    ]);
    expect(failure(() => raw("{message_id()}", {}, { platform: "error" })).code).toBe("ZE_UNAVAILABLE");
  });
  it("return placeholders and report one info notice per name, at its first call", () => {
    const r = compile("{promotion().code}\n{promotion('x').code} {user_geo_home().zip} {horizon_count('a')}", {
      filename: "p.zephyr",
    }).render({}, { escape: "none", platform: "stub" });
    expect(r.output).toBe("sample_code\nsample_code 10001 0");
    expect(r.notices?.map((d) => [d.severity, d.code, d.span?.line, d.span?.column, d.file])).toEqual([
      ["info", "ZI_PLATFORM_STUB", 1, 2, "p.zephyr"],
      ["info", "ZI_PLATFORM_STUB", 2, 24, "p.zephyr"],
      ["info", "ZI_PLATFORM_STUB", 2, 46, "p.zephyr"],
    ]);
  });
  it("side effects do nothing; a render without platform calls has no notices", () => {
    const r = raw("{api_user({'vars': {'a': 1}})}{api_send('t')}{a}", { profile: { vars: {} } }, { platform: "stub" });
    expect(r.output).toBe("");
    expect(r.notices).toHaveLength(2);
    expect(raw("{1}", {}, { platform: "stub" }).notices).toBeUndefined();
  });
  it("each placeholder object is fresh, so a template may change it", () => {
    expect(out("{p = promotion()}{p.code = 'mine'}{promotion().code}", {}, { platform: "stub" })).toBe("sample_code");
  });
  it("notices survive a cancel", () => {
    const r = raw("{promotion()}{cancel(true, 'stop')}", {}, { platform: "stub" });
    expect(r.cancelled?.message).toBe("stop");
    expect(r.notices?.map((d) => d.code)).toEqual(["ZI_PLATFORM_STUB"]);
  });
  it("the same options object may switch modes between renders", () => {
    const t = compile("{message_id()}");
    const options: RenderOptions = { escape: "none", platform: "stub" };
    expect(t.render({}, options).output).toBe("sample_message_id");
    options.platform = "error";
    expect(() => t.render({}, options)).toThrow(/not available outside Sailthru/);
  });
});

describe("fixes as data", () => {
  it("a compile error for an unknown function carries the fix", () => {
    const e = failure(() => compile("{len('abc')}"));
    expect([e.hint, e.fix?.replacement, e.fix?.span.offset, e.fix?.span.endOffset]).toEqual([
      "did you mean length()?",
      "length",
      1,
      4,
    ]);
    expect(e.toDiagnostic().fix).toEqual(e.fix);
  });
  it("a tag that legitimately spans lines is not called unclosed", () => {
    const multi = '{personalize({\n "algorithm": "popular"\n "size": 3\n})}';
    expect(failure(() => parse(multi)).code).toBe("ZE_SYNTAX");
    expect(failure(() => parse("{x = a\n + b c}")).code).toBe("ZE_SYNTAX");
    expect(() => parse("{if x &&\n y}a{/if}")).not.toThrow();
    expect(failure(() => parse("{{name\nbye")).fix?.replacement).toBe("}}");
  });
  it("an unbalanced quote without a swallowed comma proposes the quote and the comma", () => {
    const e = failure(() => parse("{f('abc 'b')}"));
    expect([e.span?.column, e.hint, e.fix?.replacement]).toEqual([
      4,
      "a closing quote and a comma seem to be missing: did you mean 'abc', 'b'?",
      "'abc', '",
    ]);
    expect(failure(() => parse("{'abc}")).message).toBe("this string is never closed: no matching ' follows");
  });
  it("two values side by side in a call or a list: a comma is missing (not in an object's key: value)", () => {
    const e = failure(() => parse("{f('abc' 'b')}"));
    expect([e.hint, e.fix?.replacement, e.fix?.span.offset]).toEqual([
      "a comma seems to be missing before ''b''",
      ",",
      8,
    ]);
    expect(failure(() => parse("{[1 2]}")).fix?.span.offset).toBe(3);
    expect(failure(() => parse("{x y}")).hint).toBeUndefined();
    expect(failure(() => parse("{x = {'a' 1}}")).hint).toBeUndefined();
  });
  it("{elif} and an unclosed tag that meets an apostrophe", () => {
    expect(failure(() => parse("{if a}1{elif b}2{/if}")).hint).toBe("did you mean {else if …}?");
    expect(failure(() => parse("Hi {name\nit's me")).code).toBe("ZE_UNCLOSED_TAG");
  });
});

describe("lint: payload or plain Zephyr", () => {
  it("isPayloadTemplate looks at the literal text", () => {
    expect(isPayloadTemplate('{x = 1}\n{\n "body": "{x}"\n}')).toBe(true);
    expect(isPayloadTemplate("{* c *}[1, {x}]")).toBe(true);
    expect(isPayloadTemplate("Hello {first_name}")).toBe(false);
    expect(isPayloadTemplate("{x}")).toBe(false);
    expect(isPayloadTemplate("{if")).toBe(false);
  });
  it("the unused-variable hint follows it, and the payload option overrides", () => {
    expect(lint("{x = 1}\n{\n}")[0].hint).toBe("did you mean to put {x} in the payload?");
    expect(lint("{x = 1}hi")[0].hint).toBe("print it with {x}, or remove the assignment");
    expect(lint("{x = 1}hi", { payload: true })[0].hint).toBe("did you mean to put {x} in the payload?");
  });
  it("literal tags: member paths, indexes and calls, not CSS, JSON or code of other languages", () => {
    const codes = (s: string) => lint(s, { globals: ["x"] }).map((d) => d.code);
    expect(codes("a { upper(x) } b {  x[0].y }")).toEqual(["ZL_LITERAL_TAG", "ZL_LITERAL_TAG"]);
    expect(codes("body { color: red } p { margin: 0 }")).toEqual([]);
    expect(codes('{\n  "a": { "b": 1 }\n}')).toEqual([]);
    expect(codes("function f() { return }")).toEqual([]);
  });
  it("platform-only warnings say that stubs make them render", () => {
    expect(lint("{message_id()}")[0]).toMatchObject({
      code: "ZL_PLATFORM_ONLY",
      hint: "preview it with --platform stub (the default of preview and serve): it then returns a placeholder",
    });
  });
});
