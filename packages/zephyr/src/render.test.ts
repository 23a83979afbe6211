import { describe, expect, it } from "vitest";
import { ZephyrError } from "./errors.js";
import type { RenderInput, RenderOptions } from "./options.js";
import type { ContentProvider } from "./provider.js";
import { compile } from "./template.js";

const raw = (src: string, input: RenderInput = {}, options: RenderOptions = {}) =>
  compile(src).render(input, { escape: "none", ...options }).output;

function renderError(src: string, input: RenderInput = {}, options: RenderOptions = {}): ZephyrError {
  try {
    compile(src, { filename: "t.zephyr" }).render(input, { escape: "none", ...options });
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("issue examples", () => {
  it.each([
    ["{ name }", "{ name }"],
    ["{4+3}", "7"],
    ["{if 2 == 2.0}x{/if}", "x"],
    ["{foreach [1,2,3,4] as x}{if x == 3}{break}{/if}{x}{/foreach}", "12"],
    ["{[x*2 for x in [1,2,3]]}", "[2, 4, 6]"],
  ])("%s renders %s", (src, out) => {
    expect(raw(src)).toBe(out);
  });
});

describe("values (design.md §3)", () => {
  it.each([
    ["{'a' + 1}", "a1"],
    ["{1 + 'a'}", "1a"],
    ["{3 + 3.0}", "6"],
    ["{7 / 2}", "3.5"],
    ["{0.1 * 3}", "0.30000000000000004"],
    ["{[1, 'b'] + [true, null]}", "[1, b, true, ]"],
    ["{({'a': 1, 'b': 1} + {'b': 2})}", '{"a":1,"b":2}'],
    ["{missing + 5}", "5"],
    ["{'x' + missing}", "x"],
    ["{true}{false}{null}", "truefalse"],
    ["{[{'a': 1}, [2]]}", '[{"a":1}, [2]]'],
    ["{-0}", "0"],
    ["{1 == '1'}", "false"],
    ["{[1, [2]] == [1, [2]]}", "true"],
    ["{({'a': 1}) == ({'a': 1})}", "true"],
    ["{null == missing}", "true"],
    ["{3 && 4 && 0}|{3 && 4 && 2}|{0 || ''}", "false|true|false"],
    ["{'b' > 'a'}{2 > 10}{'2' < 10}", "truefalsetrue"],
    ["{if []}t{/if}{if ({})}t{/if}{if ''}f{/if}{if 0}f{/if}{if '0'}t{/if}", "ttt"],
    ["{0 ?: 'd'}|{'v' ?: 'd'}", "d|v"],
    ["{5 % 3}{-5 % 3}", "2-2"],
    ["{!missing}", "true"],
  ])("%s → %s", (src, out) => {
    expect(raw(src)).toBe(out);
  });

  it("fails loudly on operations without a meaning", () => {
    expect(renderError("{[1] + 2}").message).toBe("cannot add a list and a number");
    expect(renderError("{'abc' * 2}").code).toBe("ZE_TYPE");
    expect(renderError("{1 / 0}").code).toBe("ZE_DIVISION_BY_ZERO");
    expect(renderError("{[1] < 2}").message).toBe("cannot compare a list with a number");
    expect(renderError("{foreach 'abc' as c}{c}{/foreach}").message).toBe(
      "{foreach} needs a list or an object, got a string",
    );
  });
});

describe("variables and scope", () => {
  const profile = { email: "a@example.com", keys: { sms: "+12025550143" }, vars: { first_name: "Ann", tier: "gold" } };

  it("reads profile fields, profile vars as bare names, data globals and assignments in that order", () => {
    expect(raw("{profile.email} {first_name} {tier}", { profile })).toBe("a@example.com Ann gold");
    expect(raw("{tier}", { profile, data: { tier: "silver" } })).toBe("silver");
    expect(raw("{tier = 'bronze'}{tier}", { profile, data: { tier: "silver" } })).toBe("bronze");
  });

  it("keeps variables global per render, loop variables visible after the loop", () => {
    expect(raw("{total = 0}{foreach [1,2,3] as i, p}{total = total + p}{/foreach}{total} {i} {p}")).toBe("6 2 3");
  });

  it("iterates objects by key in insertion order", () => {
    expect(raw("{foreach o as k, v}{k}={v};{/foreach}", { data: { o: { b: 1, a: 2 } } })).toBe("b=1;a=2;");
  });

  it("skips null in foreach and handles continue", () => {
    expect(raw("{foreach missing as x}x{/foreach}{foreach [1,2,3] as x}{if x == 2}{continue}{/if}{x}{/foreach}")).toBe(
      "13",
    );
  });

  it("assigns into members without touching the caller's data", () => {
    const data = { o: { a: { b: 1 } } };
    expect(raw("{o.a.c = 2}{o.a.b}{o.a.c}{o['x'] = [1]}{o.x[1] = 2}{o.x}", { data })).toBe("12[1, 2]");
    expect(data).toEqual({ o: { a: { b: 1 } } });
    expect(raw("{profile.vars.first_name = 'Bo'}{first_name}-{profile.vars.first_name}", { profile })).toBe("Ann-Bo");
    expect(profile.vars.first_name).toBe("Ann");
  });

  it("creates missing containers on member assignment", () => {
    expect(raw("{x.y.z = 1}{x}")).toBe('{"y":{"z":1}}');
  });

  it("reads only own data: inherited and prototype names are null", () => {
    const data = JSON.parse('{"o": {"a": 1, "__proto__": {"polluted": true}}, "s": "abc", "l": [1, 2]}');
    expect(
      raw("{o.__proto__}|{o.constructor}|{o.toString}|{o.hasOwnProperty}|{s.length}|{l.length}|{l.push}|{o.polluted}", {
        data,
      }),
    ).toBe("|||||||");
    expect(raw("{s[1]}{l[1]}{l['0']}{l[5]}{l[-1]}", { data })).toBe("b21");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not let one render see another's variables", () => {
    const t = compile("{if seen}leak{/if}{seen = 1}ok");
    expect(t.render().output).toBe("ok");
    expect(t.render().output).toBe("ok");
  });
});

describe("blocks", () => {
  it("switch renders the first matching case, comparing like ==", () => {
    expect(
      raw("{switch x}{case 'M'}man{/case}{case 2}two{/case}{case 2.0}again{/case}{/switch}", { data: { x: 2 } }),
    ).toBe("two");
    expect(raw("{switch x}{case 1}one{/case}{/switch}", { data: { x: "1" } })).toBe("");
  });

  it("select renders the highest case, ties to the earlier one", () => {
    expect(raw("{select}{case 1}a{/case}{case 3}b{/case}{case 3}c{/case}{/select}")).toBe("b");
    expect(raw("{select}{case 0}a{/case}{case -1}b{/case}{/select}")).toBe("a");
  });

  it("break inside a switch inside a loop ends the loop", () => {
    expect(raw("{foreach [1,2,3] as x}{switch x}{case 2}{break}{/case}{/switch}{x}{/foreach}")).toBe("1");
  });

  it("comments render nothing", () => {
    expect(raw("a{* {x} *}b")).toBe("ab");
  });
});

describe("lambdas and comprehensions", () => {
  it("calls lambdas held in variables, with parameters scoped to the call", () => {
    expect(raw("{x = 'outer'}{f = lambda x, y: x + y}{f(1, 2)} {x}")).toBe("3 outer");
  });

  it("filters with comprehension conditions without leaking the variable", () => {
    expect(raw("{[x for x in [1,2,3,4,5] if x > 2]}|{x}")).toBe("[3, 4, 5]|");
  });

  it("stops runaway recursion with a depth error", () => {
    expect(renderError("{f = lambda x: f(x)}{f(1)}").code).toBe("ZE_LIMIT_DEPTH");
  });

  it("rejects calling a non-function and unknown functions", () => {
    expect(renderError("{x = 1}{x(2)}").message).toBe("'x' is not a function (it is a number)");
    const e = (() => {
      try {
        compile("{nosuch(1)}", { filename: "t.zephyr" });
      } catch (err) {
        return err as ZephyrError;
      }
    })();
    expect([e?.code, e?.span?.column]).toEqual(["ZE_UNKNOWN_FUNCTION", 2]);
  });
});

describe("strict mode", () => {
  it("makes undefined variables and members of null errors at their span", () => {
    const e = renderError("ok\n{name}", {}, { strict: true });
    expect([e.code, e.span?.line, e.span?.column, e.message]).toEqual(["ZE_UNDEFINED", 2, 2, "'name' is not defined"]);
    const m = renderError("{x = null}{x.y}", {}, { strict: true });
    expect([m.code, m.span?.column]).toEqual(["ZE_NULL_MEMBER", 12]);
    expect(raw("{x = null}{x}{profile.vars.none}", { profile: { vars: {} } }, { strict: true })).toBe("");
  });
});

describe("payload mode (JSON context)", () => {
  const render = (src: string, input: RenderInput = {}) => compile(src).render(input).output;

  it("escapes inside JSON strings and writes JSON values outside them", () => {
    const name = 'Ann "The Hammer" O\\Neil\n\u0001';
    const out = render('{"a": "Hi {name}!", "b": {n}, "c": {name}, "d": {missing}, "e": {l}}'.replace(/^\{/, "{\n"), {
      data: { name, n: 5, l: [1, "x"] },
    });
    expect(JSON.parse(out)).toEqual({ a: `Hi ${name}!`, b: 5, c: name, d: null, e: [1, "x"] });
  });

  it("replaces lone surrogates with U+FFFD and keeps emoji", () => {
    const out = render('{\n"a": "{s}"}', { data: { s: "x\ud800y😀" } });
    expect(JSON.parse(out).a).toBe("x\ufffdy😀");
  });

  it("tracks strings across escaped quotes in the template text", () => {
    const out = render('{\n"a": "say \\"{q}\\"", "b": {q}}', { data: { q: 'x"y' } });
    expect(JSON.parse(out)).toEqual({ a: 'say "x\\"y"'.replace('\\"y', '"y'), b: 'x"y' });
  });

  it("escape none reproduces the platform's raw output", () => {
    expect(compile('{\n"a": "{q}"}').render({ data: { q: 'x"y' } }, { escape: "none" }).output).toBe('{\n"a": "x"y"}');
  });
});

describe("segments", () => {
  it("maps each output range to the template span that produced it", () => {
    const src = "x = {a}\n{if b}yes{/if}";
    const r = compile(src).render({ data: { a: "AB", b: true } }, { escape: "none", segments: true });
    expect(r.output).toBe("x = AB\nyes");
    expect(r.segments.map((s) => [r.output.slice(s.start, s.end), s.kind, s.span.line, s.span.column])).toEqual([
      ["x = ", "text", 1, 1],
      ["AB", "tag", 1, 5],
      ["\n", "text", 1, 8],
      ["yes", "text", 2, 7],
    ]);
    expect(compile(src).render({ data: { a: "AB", b: true } }).segments).toEqual([]);
  });
});

describe("limits", () => {
  it("stops a runaway loop by steps", () => {
    const e = renderError(
      "{foreach xs as i}{/foreach}",
      { data: { xs: Array.from({ length: 50 }, (_, i) => i) } },
      { limits: { steps: 10 } },
    );
    expect([e.code, e.span?.column]).toEqual(["ZE_LIMIT_STEPS", 1]);
  });

  it("stops a string doubled in a loop before it eats memory", () => {
    const e = renderError("{s = 'xx'}{foreach xs as i}{s = s + s}{/foreach}", {
      data: { xs: Array.from({ length: 64 }, (_, i) => i) },
    });
    expect(e.code).toBe("ZE_LIMIT_OUTPUT");
  });

  it("caps the output size", () => {
    expect(
      renderError(
        "{foreach xs as i}0123456789{/foreach}",
        { data: { xs: Array.from({ length: 20 }, (_, i) => i) } },
        { limits: { outputSize: 100 } },
      ).code,
    ).toBe("ZE_LIMIT_OUTPUT");
  });
});

describe("includes", () => {
  const snippets: Record<string, string> = {
    greet: "Hi {name}!{shared = 'set'}",
    loop: "{include 'loop'}",
    a: "{include 'b'}",
    b: "{include 'a'}",
    bad: "{if x}",
  };
  const resolver = (n: string) => snippets[n];

  it("renders a snippet in the template's scope", () => {
    expect(raw("{name = 'Ann'}{include 'greet'} {shared}", {}, { snippets: resolver })).toBe("Hi Ann! set");
  });

  it("reports include cycles and missing snippets", () => {
    expect(renderError("{include 'a'}", {}, { snippets: resolver }).message).toBe("include cycle: a → b → a");
    expect(renderError("{include 'nope'}", {}, { snippets: resolver }).message).toBe("snippet 'nope' was not found");
    expect(renderError("{include 'x'}").code).toBe("ZE_INCLUDE");
  });

  it("names the snippet in errors inside it", () => {
    const e = renderError("{include 'bad'}", {}, { snippets: resolver });
    expect([e.code, e.filename]).toEqual(["ZE_UNCLOSED_BLOCK", "bad"]);
  });
});

describe("providers", () => {
  const items = [{ title: "Boots", image: "https://cdn.example.com/b.jpg" }];
  const sync: ContentProvider = { personalize: (req) => items.slice(0, Number(req.size ?? 5)) };
  const asyncProvider: ContentProvider = { personalize: async (req) => items.slice(0, Number(req.size ?? 5)) };
  const src = "{content = personalize({'algorithm': 'trending', 'size': 1})}{content[0].title}";

  it("calls a sync provider from render()", () => {
    expect(raw(src, {}, { provider: sync })).toBe("Boots");
  });

  it("calls an async provider from renderAsync() with the same result", async () => {
    const r = await compile(src).renderAsync({}, { escape: "none", provider: asyncProvider });
    expect(r.output).toBe("Boots");
  });

  it("refuses an async provider in render() and a missing provider with clear errors", () => {
    expect(renderError(src, {}, { provider: asyncProvider }).code).toBe("ZE_ASYNC_PROVIDER");
    const e = renderError(src);
    expect([e.code, e.span?.column]).toEqual(["ZE_NO_PROVIDER", 12]);
  });

  it("times out a provider that never answers", async () => {
    const hanging: ContentProvider = { personalize: () => new Promise(() => {}) };
    await expect(
      compile(src).renderAsync({}, { provider: hanging, limits: { providerTimeoutMs: 50 } }),
    ).rejects.toMatchObject({ code: "ZE_PROVIDER_TIMEOUT" });
  });

  it("keeps concurrent async renders apart", async () => {
    const slow: ContentProvider = {
      personalize: (req) => new Promise((r) => setTimeout(() => r([{ title: String(req.who) }]), 5)),
    };
    const t = compile("{me = who}{c = personalize({'who': who})}{me}:{c[0].title}");
    const outs = await Promise.all(
      ["a", "b", "c"].map((who) => t.renderAsync({ data: { who } }, { escape: "none", provider: slow })),
    );
    expect(outs.map((o) => o.output)).toEqual(["a:a", "b:b", "c:c"]);
  });
});

describe("payload mode: statement-like tags before the JSON", () => {
  it("prints null as nothing outside a value position, and as null in one", () => {
    const src =
      '{assert(true, \'x\')}\n{push(\'l\', 1)}\n{\n"a": {missing}, "b": [{missing}, {missing}], "c": "{missing}"\n}';
    const out = compile(src).render().output;
    expect(out).toBe('\n\n{\n"a": null, "b": [null, null], "c": ""\n}');
    expect(JSON.parse(out)).toEqual({ a: null, b: [null, null], c: "" });
  });
});
