/**
 * The two backends agree (issue 15): every fixture, the fast-check templates and hostile sources render through the
 * closures and the generated JavaScript with the same output, cancellation, segments, notices and errors (code,
 * message, hint, span, frame); the generated source never holds template text; tiering switches as documented.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZephyrError } from "../src/errors.js";
import type { FunctionDef } from "../src/functions/registry.js";
import type { RenderInput, RenderOptions } from "../src/options.js";
import { CODEGEN_AFTER, compile, type Template } from "../src/template.js";
import { hostileData, hostileProfile, hostileString, jsonishTemplate, template } from "./arbitraries.js";
import { asyncProvider, fixtureInputs, fixtureTemplates, optionSets, outcome, outcomeAsync } from "./backends.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const TIMEOUT = Math.max(30_000, RUNS * 20);
const MODES = ["json", "plain", "tracked"] as const;

/** Compiles with closures only and with generated code at once, or undefined when the source does not compile. */
function both(source: string, filename?: string): [Template, Template] | ZephyrError {
  try {
    const closures = compile(source, { filename, codegen: "never" });
    const generated = compile(source, { filename, codegen: "always" });
    return [closures, generated];
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
}

describe("every fixture renders the same through closures and generated code", () => {
  for (const f of fixtureTemplates()) {
    it(f.name, async () => {
      const pair = both(f.source, f.name);
      if (pair instanceof ZephyrError) {
        // A compile error is the same error whatever the backend (code generation never runs).
        expect(() => compile(f.source, { filename: f.name, codegen: "always" })).toThrow(pair.message);
        return;
      }
      const [closures, generated] = pair;
      expect(closures.backend()).toBe("closures");
      expect(generated.backend()).toBe("javascript");
      const inputs = fixtureInputs(f.path);
      for (const options of optionSets(f.path)) {
        for (const input of inputs) {
          const a = outcome(() => closures.render(input, options));
          const b = outcome(() => generated.render(input, options));
          expect(b).toEqual(a);
        }
      }
      // Limits charged at the same places: every steps limit up to what a render takes, and memory limits.
      const base = optionSets(f.path)[0];
      for (const input of inputs.slice(0, 3)) {
        for (let steps = 0; steps <= 120; steps += 1) {
          const options = { ...base, limits: { steps } };
          expect(outcome(() => generated.render(input, options))).toEqual(
            outcome(() => closures.render(input, options)),
          );
        }
        for (let memory = 0; memory <= 20_000; memory += 500) {
          const options = { ...base, limits: { memory } };
          expect(outcome(() => generated.render(input, options))).toEqual(
            outcome(() => closures.render(input, options)),
          );
        }
      }
      // renderAsync with a provider that answers with promises (the render replays once each settles).
      const options: RenderOptions = { ...optionSets(f.path)[0], provider: asyncProvider };
      for (const input of inputs.slice(0, 4)) {
        const a = await outcomeAsync(() => closures.renderAsync(input, options));
        const b = await outcomeAsync(() => generated.renderAsync(input, options));
        expect(b).toEqual(a);
      }
    });
  }
});

describe("generated templates (fast-check) render the same through both backends", () => {
  const LIMITS = { steps: 20_000, outputSize: 100_000 };
  const OPTIONS: RenderOptions[] = [
    { now: 0, seed: 1, limits: LIMITS },
    { now: 0, seed: 1, limits: LIMITS, escape: "none" },
    { now: 0, seed: 1, limits: LIMITS, segments: true },
    { now: 0, seed: 1, limits: LIMITS, strict: true },
    { now: 0, seed: 1, limits: { steps: 30, outputSize: 200, memory: 3000 } },
  ];
  it(
    "same output, cancellation, segments and errors at the same spans",
    () => {
      const source = fc.oneof(
        template,
        jsonishTemplate.map((j) => j.source),
      );
      fc.assert(
        fc.property(source, hostileProfile, hostileData, (src, profile, data) => {
          const pair = both(src);
          if (pair instanceof ZephyrError) return;
          const [closures, generated] = pair;
          const values = Object.fromEntries(Object.keys(data).map((k, i) => [`v${i}`, data[k]]));
          const input = { profile, data: { ...data, ...values } };
          for (const o of OPTIONS) {
            expect(outcome(() => generated.render(input, o))).toEqual(outcome(() => closures.render(input, o)));
          }
        }),
        { numRuns: RUNS * 2 },
      );
    },
    TIMEOUT,
  );
});

/** Code-like and hostile text for strings, comments and literal text. */
const NASTY = ["'", '"', "`", "*/", "/*", "\u2028", "\u2029", "${", "</script>", "\\", "})();", "//", "\n", "$"];
const nasty = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), hostileString), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(""));
/** Names the lexer takes that look like code or like the generated code's own names. */
const nastyName = fc.constantFrom(
  "rt",
  "K",
  "F",
  "H",
  "t0",
  "L0",
  "eval",
  "Function",
  "process",
  "globalThis",
  "this_",
);

function quoted(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`;
}

const hostileTemplate = fc
  .tuple(nasty, nasty, nasty, nastyName, nastyName, nasty)
  .map(([str, comment, text, a, b, key]) =>
    [
      `{* ${comment.replace(/\*\}/g, "")} *}`,
      `{${a} = ${quoted(str)}}`,
      `{${b} = {${quoted(key)}: ${a}}}`,
      `{foreach ${b} as k, v}{k}={v};{/foreach}`,
      `{if ${a} == ${quoted(str)}}{${a} + ${quoted(key)}}{else}no{/if}`,
      `{${b}[${quoted(key)}]}{length(${a})}{${b}.${a}}{profile.vars.${a}}{profile.keys.${b}.x}`,
      `${text.replace(/[{}]/g, "")}`,
      `{\n"s": "{${a}}", "v": {${b}}}`,
    ].join(""),
  );

describe("hostile names, strings and comments never become code", () => {
  it(
    "the generated source parses, holds no template text, and renders what the closures render",
    () => {
      fc.assert(
        fc.property(hostileTemplate, hostileProfile, (src, profile) => {
          const pair = both(src);
          if (pair instanceof ZephyrError) return;
          const [closures, generated] = pair;
          expect(generated.backend()).toBe("javascript"); // it parsed, and runs
          for (const mode of MODES) {
            if (mode === "json" && generated.payloadOutputMode !== "json") continue;
            const source = generated.javascript(mode).source;
            expect(() => new Function("K", "F", "H", source)).not.toThrow();
            // Outside string constants (JSON-encoded member names and the emitter's own strings), fixed fragments only.
            const code = source.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
            expect(code).not.toMatch(/[`'\u2028\u2029\\]|\$\{|\*\/|<\/script>/);
            for (const piece of NASTY.filter((p) => p.length > 2)) expect(code).not.toContain(piece);
            // Every string constant is JSON: it parses as one, so nothing escapes it.
            for (const m of source.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) expect(typeof JSON.parse(m[0])).toBe("string");
          }
          for (const o of [{}, { escape: "none" as const }, { segments: true }, { strict: true }]) {
            expect(outcome(() => generated.render({ profile }, o))).toEqual(
              outcome(() => closures.render({ profile }, o)),
            );
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it("the only strings in the generated source are the emitter's fixed ones", () => {
    const t = compile(`{a = "ZE_TYPE\\"); process.exit(1); (\\""}{foreach xs as x}{x + a}{/foreach}{-a}{b = 'x' * 2}`, {
      codegen: "always",
    });
    for (const mode of MODES) {
      if (mode === "json" && t.payloadOutputMode !== "json") continue;
      const strings = [...t.javascript(mode).source.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => m[0]);
      const allowed = new Set(['"use strict"', '"-"', '"*"', '"/"', '"%"', '"object"', '"number"', '"string"']);
      allowed.add('"ZE_TYPE"').add('"{foreach} needs a list or an object, got "');
      for (const s of strings) expect(allowed).toContain(s);
    }
  });
});

describe("inlined member reads keep the sandbox rule", () => {
  it("lists, strings, numbers, null-prototype objects, inherited names and functions read as the closures read them", () => {
    const src =
      "{xs.length}|{s.length}|{n.x}|{o.toString}|{o.hasOwnProperty}|{o.a}|{bare.a}|{bare.toString}|{fn.call}|{xs.a.b}|{d.getTime}";
    const [closures, generated] = both(src) as [Template, Template];
    const bare = Object.assign(Object.create(null), { a: 1 });
    const data = { xs: [1, 2], s: "abc", n: 5, o: { a: "A" }, bare, fn: () => 1, d: new Date(0) };
    for (const strict of [false, true]) {
      const a = outcome(() => closures.render({ data }, { escape: "none", strict }));
      expect(outcome(() => generated.render({ data }, { escape: "none", strict }))).toEqual(a);
    }
    expect(generated.render({ data }, { escape: "none" }).output).toBe("|||||A|1||||");
  });
});

describe("tiering", () => {
  const src = '{x = 1}{foreach items as i}{x = x + i}{/foreach}{\n"n": {x}}';
  it(`auto: closures for the first ${CODEGEN_AFTER} renders, generated code after`, () => {
    const t = compile(src);
    const input = { data: { items: [1, 2, 3] } };
    for (let i = 0; i < CODEGEN_AFTER; i++) {
      expect(t.render(input).output).toBe('{\n"n": 7}');
      expect(t.backend()).toBe("closures");
    }
    expect(t.render(input).output).toBe('{\n"n": 7}');
    expect(t.backend()).toBe("javascript");
    // A mode first used after the switch is generated at once.
    expect(t.render(input, { escape: "none" }).output).toBe('{\n"n": 7}');
    expect(t.backend("plain")).toBe("javascript");
  });

  it("never: closures however often it renders; always: generated code from the start", () => {
    const never = compile(src, { codegen: "never" });
    for (let i = 0; i < 5; i++) never.render({ data: { items: [1] } });
    expect(never.backend()).toBe("closures");
    expect(compile(src, { codegen: "always" }).backend()).toBe("javascript");
  });

  it("snippets run on closures (they share their includer's scope by name)", () => {
    const t = compile("{include 'a'}{y}", { codegen: "always" });
    expect(t.render({}, { snippets: () => "{y = 2}" }).output).toBe("2");
  });
});

describe("templates at the nesting limits", () => {
  it("expressions and blocks nested to the depth limit render the same through both backends", () => {
    const limits = { depth: 2000 };
    const deepExpr = `{${"(".repeat(900)}1 + x${")".repeat(900)}}`;
    const deepBlocks = `${"{if x}".repeat(400)}deep${"{/if}".repeat(400)}`;
    const deepChain = `{${Array.from({ length: 900 }, (_, i) => `x${i % 3}`).join(" + ")}}`;
    for (const src of [deepExpr, deepBlocks, deepChain]) {
      let closures: Template;
      try {
        closures = compile(src, { limits, codegen: "never" });
      } catch (e) {
        expect(e).toBeInstanceOf(ZephyrError);
        continue;
      }
      const generated = compile(src, { limits, codegen: "always" });
      const input = { data: { x: 1, x0: "a", x1: 2, x2: null } };
      for (const o of [{}, { escape: "none" as const }, { segments: true }])
        expect(outcome(() => generated.render(input, o))).toEqual(outcome(() => closures.render(input, o)));
    }
  });
});

/** A host function that reads and writes a template variable by name (what FnContext allows). */
const hostFn: FunctionDef = {
  name: "host",
  signature: "host() → string",
  description: "test",
  params: [],
  examples: [],
  call(ctx) {
    ctx.setVar("a", `${String(ctx.getVar("a"))}!`);
    return "h";
  },
};

describe("render-speed fast paths (issue 15) behave as the closures", () => {
  const same = (src: string, inputs: RenderInput[], options: RenderOptions[]) => {
    const [closures, generated] = both(src) as [Template, Template];
    for (const input of inputs) {
      for (const o of options) {
        expect(outcome(() => generated.render(input, o))).toEqual(outcome(() => closures.render(input, o)));
      }
    }
    return generated;
  };

  it("built-in calls are inlined (no invokeBuiltin) with the same coercions, errors, steps and memory charges", () => {
    const src = '{upper(x)}|{substr(x, 1)}|{join(xs, "-")}|{length(x)}';
    const inputs = [1, "ab", null, [1, 2], { a: 1 }, 1.5, true].map((x) => ({ data: { x, xs: ["a", x] } }));
    const options: RenderOptions[] = [{ escape: "none" }, { escape: "none", strict: true }, {}];
    for (const steps of [0, 1, 2, 3, 4]) options.push({ escape: "none", limits: { steps } });
    for (const memory of [0, 16, 20, 40, 60, 100]) options.push({ escape: "none", limits: { memory } });
    const generated = same(src, inputs, options);
    expect(generated.javascript("plain").source).not.toContain("invokeBuiltin(");
    // Constant arguments: passed as they are when checkArg would not change them, else checked (coerced) as before.
    const constants = same(
      "{upper(12)}|{substr('abcdef', '2')}|{length([1, 2])}|{join(['a', 1], '-')}|{length(personalize({'size': 1}))}",
      [{}],
      [{ escape: "none", provider: { personalize: () => [{ title: "t" }] } }, { escape: "none" }],
    );
    // Checked: upper(12) and substr's '2' (coerced), length()'s argument (not a constant); the five others are not.
    expect(constants.javascript("plain").source.match(/checkArg\(/g)).toHaveLength(3);
    expect(constants.render({}, { escape: "none", provider: { personalize: () => [{}] } }).output).toBe(
      "12|cdef|2|a-1|1",
    );
    // A platform function keeps the shared path (its placeholder and its error).
    const platform = same("{api_send('x')}", [{}], [{ escape: "none" }, { escape: "none", platform: "stub" }]);
    expect(platform.javascript("plain").source).toContain("invokeBuiltin(");
  });

  it("concatenations charge memory and the output limit inline, with the same errors at the same spans", () => {
    const src = '{s = x}{foreach xs as i}{s = s + s + "-"}{t = "<" + s}{/foreach}{t}';
    const inputs = [{ data: { x: "ab", xs: [1, 2, 3, 4, 5, 6, 7, 8] } }, { data: { x: 7, xs: [1, 2] } }];
    const options: RenderOptions[] = [{ escape: "none" }];
    for (let outputSize = 0; outputSize <= 700; outputSize += 7)
      options.push({ escape: "none", limits: { outputSize } });
    for (let memory = 0; memory <= 3000; memory += 50) options.push({ escape: "none", limits: { memory } });
    const generated = same(src, inputs, options);
    expect(generated.javascript("plain").source).not.toContain("checkString(");
    const error = outcome(() => generated.render(inputs[0], { escape: "none", limits: { outputSize: 40 } }));
    expect(error).toMatchObject({
      error: "ZE_LIMIT_OUTPUT",
      message: "a string grew to 46 characters; the output limit is 40",
    });
  });

  it("assignments in loops: the loop-mutation check still fires for what a loop iterates, reporting the outermost", () => {
    const inputs = [{ data: { xs: [1, 2], ys: [3] } }];
    const options: RenderOptions[] = [{ escape: "none" }];
    for (const src of [
      '{l = xs}{foreach xs as x}{l = "s"}{/foreach}', // the old value is the list a loop iterates
      "{foreach xs as x}{xs = 1}{/foreach}", // the name a loop iterates
      "{foreach xs as x}{foreach ys as y}{z = xs}{z = 1}{/foreach}{/foreach}", // the outer loop's list, inside two
      "{foreach xs as x}{foreach xs as y}{w = 2}{xs = 1}{/foreach}{/foreach}", // both loops: the outermost reported
      "{foreach xs as x}{n = x}{n = n + 1}{s = 'a'}{s = s + n}{/foreach}{n}{s}", // nothing iterated: no error
    ]) {
      same(src, inputs, options);
    }
    const [, generated] = both("{foreach xs as x}{foreach xs as y}{xs = 1}{/foreach}{/foreach}") as [
      Template,
      Template,
    ];
    expect(outcome(() => generated.render(inputs[0], { escape: "none" }))).toMatchObject({
      error: "ZE_FOREACH_MUTATION",
      message: "cannot change 'xs' while the {foreach} at line 1, column 1 iterates over it",
    });
    // A name no loop around it iterates: the walk over the loops runs only for an object (or unset) old value.
    const source = (both("{foreach xs as x}{s = 'a'}{/foreach}") as [Template, Template])[1].javascript("plain").source;
    expect(source).toMatch(/if \(rt\.loops !== null && \(typeof \(t\d+ = s\d+\) === "object"/);
  });

  it("member reads test `name in object` first: same values, a Proxy's has trap is the only thing that sees it", () => {
    const src = "{o.a}|{o.b}|{o.toString}|{n.a}|{xs.length}|{p.a}|{p.b}|{m.size}|{e.message}";
    const bare = Object.assign(Object.create(null), { a: "bare" });
    const traps: string[] = [];
    const p = new Proxy(
      { a: "P" },
      {
        has(t, k) {
          traps.push(`has ${String(k)}`);
          return Reflect.has(t, k);
        },
        get(t, k) {
          traps.push(`get ${String(k)}`);
          return Reflect.get(t, k);
        },
      },
    );
    const data = { o: { a: 1, b: undefined }, n: bare, xs: [1], p, m: new Map([["a", 1]]), e: new Error("x") };
    const generated = same(src, [{ data }], [{ escape: "none" }, { escape: "none", strict: true }]);
    expect(generated.render({ data }, { escape: "none" }).output).toBe("1|||bare||P|||");
    expect(generated.javascript("plain").source).toContain('"a" in t');
    traps.length = 0;
    generated.render({ data: { p } }, { escape: "none" });
    expect(traps).toEqual(["has a", "get a", "has b"]); // an absent name is not read
  });

  it("variables are locals of the generated code unless something may reach them by name", () => {
    const inputs = [{ data: { xs: [1, 2, 3], t: "T" } }];
    const options: RenderOptions[] = [
      { escape: "none" },
      { escape: "none", strict: true },
      { escape: "none", limits: { steps: 5 } },
    ];
    const local = same("{a = 1}{foreach xs as i, x}{a = a + x}{/foreach}{a}|{i}|{x}|{b}|{t}", inputs, options);
    expect(local.javascript("plain").source).not.toContain("rt.slots");
    // set()/push() name variables; a lambda runs on closures; a host's function gets the runtime: slots stay in rt.
    for (const src of [
      "{set('a', 2)}{a}",
      "{push('l', 1)}{l}",
      "{f = lambda v: v + a}{a = 1}{f(2)}",
      "{a = 1}{host()}{a}",
    ]) {
      const [closures, generated] = [false, true].map((g) =>
        compile(src, { codegen: g ? "always" : "never", functions: { host: hostFn } }),
      );
      expect(outcome(() => generated.render(inputs[0], { escape: "none" }))).toEqual(
        outcome(() => closures.render(inputs[0], { escape: "none" })),
      );
      expect(generated.javascript("plain").source).toContain("rt.slots");
    }
  });

  it("boolean tests skip truthy(), other values keep it", () => {
    const src = "{if x > 1 && !(y < 1)}a{else if x}b{else if x == y ? !x : y}c{/if}";
    const inputs = [1, 2, "3", "", null, [1], 0].flatMap((x) => [true, 0, null].map((y) => ({ data: { x, y } })));
    const generated = same(src, inputs, [{ escape: "none" }, { escape: "none", strict: true }]);
    const source = generated.javascript("plain").source;
    expect(source.split("\n").find((l) => l.startsWith("  if ("))).not.toContain("truthy("); // the first test
    expect(source).toContain("} else if (truthy(");
  });
});
