/**
 * Payload renders without segments run code specialised at compile time (compiler/output.ts `json` and `plain` modes);
 * renders with segments run the runtime-tracked code. Both must write the same bytes; these cases pin the corners
 * (render-fuzz.test.ts compares them on random templates).
 */
import { describe, expect, it } from "vitest";
import { IN_ESCAPE, IN_STRING, OUTSIDE } from "./json-context.js";
import type { RenderOptions } from "./options.js";
import { parse } from "./parser.js";
import { planJsonStates } from "./static-json.js";
import { compile } from "./template.js";

/** The output with segments off (compiled states) after checking it equals the tracked render's. */
function both(source: string, data: Record<string, unknown>, options: RenderOptions = {}): string {
  const t = compile(source);
  const fast = t.render({ data }, options).output;
  expect(t.render({ data }, { ...options, segments: true }).output).toBe(fast);
  return fast;
}

describe("payload mode with JSON states known at compile time", () => {
  it("writes a whole string value with its quotes, escaped once", () => {
    expect(both('{\n"a": "{v}", "b": "x{v}y"}', { v: 'say "hi"\n' })).toBe(
      '{\n"a": "say \\"hi\\"\\n", "b": "xsay \\"hi\\"\\ny"}',
    );
  });

  it("shares no quote between two string values", () => {
    expect(both('{\n"a": ["{v}","{w}"], "b": "{v}""{w}"}', { v: "1", w: '"' })).toBe(
      '{\n"a": ["1","\\""], "b": "1""\\""}',
    );
  });

  it("keeps an escaped quote before a tag inside the string", () => {
    expect(both('{\n"a": "x\\"{v}\\""}', { v: 'q"' })).toBe('{\n"a": "x\\"q\\"\\""}');
  });

  it("escapes the template's backslash right before a tag", () => {
    expect(both('{\n"a": "x\\{v}"}', { v: "q" })).toBe('{\n"a": "x\\\\q"}');
  });

  it("writes null as null in a value position and as nothing elsewhere", () => {
    expect(both('{n}{\n"a": {n}, "b": [{n}]}', { n: null })).toBe('{\n"a": null, "b": [null]}');
  });

  it("turns a lone surrogate into U+FFFD in a whole string and inside one", () => {
    expect(both('{\n"a": "{v}", "b": "<{v}>"}', { v: "a\ud800b" })).toBe('{\n"a": "a\ufffdb", "b": "<a\ufffdb>"}');
  });

  it("keeps what was written before a cancel", () => {
    const t = compile('{\n"a": "{v}", {assert(false, "stop")}"b": 1}');
    const fast = t.render({ data: { v: "x" } });
    expect(fast.cancelled?.message).toBe("stop");
    expect(fast.output).toBe('{\n"a": "x", ');
    expect(t.render({ data: { v: "x" } }, { segments: true }).output).toBe(fast.output);
  });

  it("reports the output limit at the tag that crosses it", () => {
    const t = compile('{\n"a": "{v}"}', { limits: { outputSize: 20 } });
    expect(() => t.render({ data: { v: "x".repeat(30) } })).toThrow(
      expect.objectContaining({ code: "ZE_LIMIT_OUTPUT", span: expect.objectContaining({ line: 2, column: 7 }) }),
    );
  });

  it("prints values as they are with escape none", () => {
    expect(both('{\n"a": "{v}"}', { v: '"q"' }, { escape: "none" })).toBe('{\n"a": ""q""}');
  });
});

describe("planJsonStates", () => {
  const plan = (source: string) => planJsonStates(parse(source).body);

  it("knows the state before every tag of the seed payload", () => {
    const states = plan('{body = "Hi"}\n{\n"to" : "{profile.keys.sms}",\n"body" : "{body}"\n}');
    // text, {profile.keys.sms}, text, {body}, text
    expect(states && [...states.values()]).toEqual([OUTSIDE, IN_STRING, IN_STRING, IN_STRING, IN_STRING]);
  });

  it("follows branches and loops that leave the state as they found it", () => {
    expect(plan('"{foreach l as x}{if x}a{else}b{/if}{x}{/foreach}"')).not.toBeNull();
    expect(plan('"x\\{v}"')?.size).toBe(3);
    expect([...(plan('"x\\{v}"')?.values() ?? [])]).toEqual([OUTSIDE, IN_ESCAPE, IN_STRING]);
  });

  it("gives up when the state depends on the path taken", () => {
    expect(plan('{if x}"{/if}{y}')).toBeNull();
    expect(plan('{foreach l as x}"{/foreach}{y}')).toBeNull();
    expect(plan('{foreach l as x}"a"{if x}{break}{/if}{/foreach}{y}')).not.toBeNull();
    expect(plan('{foreach l as x}"{if x}{break}{/if}"{/foreach}{y}')).toBeNull();
    expect(plan('{foreach l as x}"{if x}{break}{/if}{/foreach}{y}')).toBeNull();
    expect(plan("{include 'a'}{y}")).toBeNull();
  });
});
