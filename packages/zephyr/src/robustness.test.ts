/**
 * Limits (design.md §6, README "Limits"): exceeding one is a ZephyrError with a code and the template span — never a
 * stack overflow, an out-of-memory or a hang. The CLI side (flags, exit 2) is in packages/cli/test/limits.test.ts.
 *
 * Tests marked `it.fails` show a bug found while writing them (see the issue-8 robustness report, bugs B1–B9); each
 * one starts passing — and so must be turned back into `it` — when the bug is fixed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZephyrError } from "./errors.js";
import { DEFAULT_LIMITS, type Limits, type RenderInput, type RenderOptions } from "./options.js";
import type { ContentProvider } from "./provider.js";
import { compile } from "./template.js";

interface Outcome {
  error: ZephyrError;
  ms: number;
}

/** Compiles and renders `src`; returns the ZephyrError it must end with (anything else fails the test). */
function failure(src: string, input: RenderInput = {}, options: RenderOptions = {}, limits?: Partial<Limits>): Outcome {
  const started = performance.now();
  try {
    compile(src, { filename: "t.zephyr", limits }).render(input, { escape: "none", ...options });
  } catch (e) {
    if (e instanceof ZephyrError) return { error: e, ms: performance.now() - started };
    throw new Error(`expected a ZephyrError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error("expected the render to fail");
}

/** Fails unless the render ends, fast, with `code` and a span in the template. */
function expectLimit(o: Outcome, code: string, maxMs = 2_000): ZephyrError {
  expect(o.error.code).toBe(code);
  expect(o.ms).toBeLessThan(maxMs);
  return o.error;
}

function expectSpan(e: ZephyrError): void {
  expect(e.span, `${e.code} has no span: ${e.message}`).toBeDefined();
  expect(e.span?.line).toBeGreaterThanOrEqual(1);
  expect(e.span?.column).toBeGreaterThanOrEqual(1);
}

const nested = (open: string, close: string, n: number, inner = "1") => open.repeat(n) + inner + close.repeat(n);

describe("the limits and their documented defaults", () => {
  it("has the defaults the README's limits table documents", () => {
    expect(DEFAULT_LIMITS).toEqual({
      templateSize: 1_000_000,
      depth: 100,
      steps: 1_000_000,
      outputSize: 1_000_000,
      includeDepth: 10,
      providerTimeoutMs: 5_000,
      memory: 67_108_864,
    });
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    for (const [name, value] of Object.entries(DEFAULT_LIMITS)) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${name}\``));
      expect(row, `README limits table has no row for ${name}`).toBeDefined();
      expect(row?.replace(/,/g, "")).toContain(` ${value} `);
    }
  });

  it("takes each limit from the compile options and from the render options", () => {
    const loop = "{foreach xs as x}{x}{/foreach}";
    const input = { data: { xs: Array.from({ length: 100 }, (_, i) => i) } };
    expect(failure(loop, input, {}, { steps: 10 }).error.code).toBe("ZE_LIMIT_STEPS");
    expect(failure(loop, input, { limits: { steps: 10 } }).error.code).toBe("ZE_LIMIT_STEPS");
    expect(failure(loop, input, { limits: { outputSize: 50 } }).error.code).toBe("ZE_LIMIT_OUTPUT");
    expect(compile(loop).render(input, { escape: "none" }).output).toHaveLength(190);
  });
});

describe("templateSize", () => {
  it("refuses a template over the limit before lexing it, and accepts it with the limit raised", () => {
    const big = `Hi {name}${"x".repeat(DEFAULT_LIMITS.templateSize)}`;
    const e = expectLimit(failure(big), "ZE_LIMIT_TEMPLATE_SIZE", 500);
    expect(e.message).toContain(String(DEFAULT_LIMITS.templateSize));
    expect(e.hint).toContain("--max-template-size");
    const out = compile(big, { limits: { templateSize: 2_000_000 } }).render(
      { data: { name: "Ann" } },
      { escape: "none", limits: { outputSize: 2_000_000 } },
    ).output;
    expect(out.startsWith("Hi Ann")).toBe(true);
    expect(out).toHaveLength(big.length - "{name}".length + 3);
  });
});

describe("depth: deep nesting is an error at its span, never a stack overflow", () => {
  it.each([
    ["parentheses", nested("(", ")", 10_000)],
    ["list literals", nested("[", "]", 10_000, "")],
    ["object literals", `(${nested("{'a': ", "}", 10_000)})`],
    ["calls", `${"upper(".repeat(10_000)}'a'${")".repeat(10_000)}`],
    ["lambdas", `${"lambda x: ".repeat(10_000)}1`],
    ["ternaries", `${"1 ? 2 : ".repeat(10_000)}3`],
    ["elvis", `${"a ?: ".repeat(10_000)}1`],
  ])("10 000 nested %s", (_name, expression) => {
    const e = expectLimit(failure(`ok\n{${expression}}`), "ZE_LIMIT_DEPTH");
    expectSpan(e);
    expect(e.span?.line).toBe(2);
    expect(e.hint).toContain("--max-depth");
  });

  it("counts the depth limit exactly: 100 levels compile, 101 do not", () => {
    // The tag's own brace is the first level.
    expect(() => compile(`{${nested("(", ")", 99)}}`)).not.toThrow();
    expect(failure(`{${nested("(", ")", 100)}}`).error.code).toBe("ZE_LIMIT_DEPTH");
    expect(failure(`{${nested("(", ")", 10)}}`, {}, {}, { depth: 5 }).error.message).toBe(
      "expressions are nested more than 5 levels deep",
    );
  });

  // B1 (fixed): the parser's own recursion can outgrow the stack before a raised depth limit stops it (Chevrotain
  // uses ~15 frames per nesting level); the exhausted stack is now reported as ZE_LIMIT_DEPTH.
  it("B1: nesting within a raised depth limit is still a ZephyrError, not a RangeError from the parser", () => {
    const o = failure(`{x = ${nested("[", "]", 2_000, "")}}`, {}, {}, { depth: 50_000 });
    expect(o.error.code).toBe("ZE_LIMIT_DEPTH");
  });

  // B2 (fixed): operator chains, unary operators, member/index/call chains and nested blocks count toward the depth
  // limit (an iterative check after parsing), so the recursive compiler never meets a deeper tree.
  it.each([
    ["40 000 unary operators", `{${"!".repeat(40_000)}1}`],
    ["a chain of 40 000 '+'", `{${"1 + ".repeat(40_000)}1}`],
    ["a member chain 40 000 long", `{x${".a".repeat(40_000)}}`],
    ["a call chain 20 000 long", `{f = lambda x: f}{f${"(1)".repeat(20_000)}}`],
    ["5 000 nested {if} blocks", `${"{if 1}".repeat(5_000)}x${"{/if}".repeat(5_000)}`],
  ])("B2: %s is ZE_LIMIT_DEPTH", (_name, src) => {
    expect(failure(src).error.code).toBe("ZE_LIMIT_DEPTH");
  });

  it("stops a lambda that recurses forever, directly or through map/filter/sort, at the lambda", () => {
    for (const src of [
      "{f = lambda x: f(x)}{f(1)}",
      "{f = lambda x: f(x + 1) + 1}{f(1)}",
      "{f = lambda x: map([x], f)}{f(1)}",
      "{f = lambda x: filter([x], f)}{f(1)}",
      "{f = lambda x: sort([x, x], f)}{f(1)}",
      "{f = lambda x: [f(y) for y in [x]]}{f(1)}",
      "{f = lambda x: g(x)}{g = lambda x: f(x)}{f(1)}",
    ]) {
      const e = expectLimit(failure(src), "ZE_LIMIT_DEPTH");
      expectSpan(e);
      expect(e.message).toBe("calls are nested more than 100 levels deep");
    }
  });

  it("with limits.depth above what the stack holds, endless recursion is still ZE_LIMIT_DEPTH", () => {
    const e = expectLimit(
      failure("{f = lambda x: f(x)}{f(1)}", {}, { limits: { depth: 10_000_000 } }),
      "ZE_LIMIT_DEPTH",
      5_000,
    );
    expect(e.message).toContain("call stack");
  });

  it("a value nested 200 000 deep (data, or built by a loop) is ZE_LIMIT_DEPTH when printed or compared", () => {
    const deep = JSON.parse(nested("[", "]", 200_000, ""));
    for (const [src, input] of [
      ["{x}", { data: { x: deep } }],
      ["{x == y}", { data: { x: deep, y: JSON.parse(nested("[", "]", 200_000, "")) } }],
      ["{length(dedupe([x]))}", { data: { x: deep } }],
      ["{s = []}{foreach range(1, 200000) as i}{s = [s]}{/foreach}{s}", {}],
    ] as const) {
      expectLimit(failure(src, input), "ZE_LIMIT_DEPTH");
    }
  });

  // B4 (part): the stack-exhausted error is raised with `rt.site`, which is only set inside built-in calls, so
  // printing a too-deep value gives an error without a location.
  it("B4: the ZE_LIMIT_DEPTH of printing a too-deep value points at the tag", () => {
    const e = failure("ok\n{x}", { data: { x: JSON.parse(nested("[", "]", 200_000, "")) } }).error;
    expectSpan(e);
  });
});

describe("steps: runaway loops end with ZE_LIMIT_STEPS at the loop", () => {
  it("{foreach range(0, 1000000000) as i} fails at once, without building the list", () => {
    const e = expectLimit(failure("{foreach range(0, 1000000000) as i}{/foreach}"), "ZE_LIMIT_STEPS", 200);
    expect([e.span?.line, e.span?.column]).toEqual([1, 10]);
  });

  it("a loop of a million iterations stops at the limit, at the {foreach}", () => {
    const xs = new Array(DEFAULT_LIMITS.steps + 1).fill(0);
    const e = expectLimit(failure("x\n{foreach xs as i}{y = i}{/foreach}", { data: { xs } }), "ZE_LIMIT_STEPS", 5_000);
    expect([e.span?.line, e.span?.column]).toEqual([2, 1]);
    expect(e.hint).toContain("--max-steps");
  });

  it("nested loops and comprehensions count every iteration", () => {
    const src =
      "{foreach range(1, 100) as i}{foreach range(1, 100) as j}{[k for k in range(1, 100)]}{/foreach}{/foreach}";
    expectLimit(failure(src, {}, { limits: { steps: 50_000 } }), "ZE_LIMIT_STEPS");
  });

  // B4: list `+` charges its steps through rt.charge(), which reports at `rt.site` (unset outside built-in calls).
  it("B4: a list doubled in a loop stops with ZE_LIMIT_STEPS at the '+'", () => {
    const e = failure("{s = [1]}{foreach range(1, 100) as i}{s = s + s}{/foreach}").error;
    expect(e.code).toBe("ZE_LIMIT_STEPS");
    expectSpan(e);
  });
});

describe("outputSize: strings and output stop growing at the limit", () => {
  it.each([
    ["join", "{s = ['xx']}{foreach range(1, 64) as i}{s = [join(s + s, '')]}{/foreach}"],
    ["replace", "{s = 'xx'}{foreach range(1, 64) as i}{s = replace(s, 'x', 'xx')}{/foreach}"],
    ["text in a loop", "{foreach range(1, 500000) as i}0123456789{/foreach}"],
    ["a printed list", "{l = range(1, 300000)}{l}{l}{l}{l}"],
  ])("%s", (_name, src) => {
    const e = expectLimit(failure(src), "ZE_LIMIT_OUTPUT");
    expectSpan(e);
    expect(e.message).toContain(String(DEFAULT_LIMITS.outputSize));
  });

  it("applies a lowered limit to the output and to every string built", () => {
    expect(
      failure("{foreach range(1, 20) as i}0123456789{/foreach}", {}, { limits: { outputSize: 100 } }).error.code,
    ).toBe("ZE_LIMIT_OUTPUT");
    expect(
      failure("{s = 'x'}{foreach range(1, 8) as i}{s = s + s}{/foreach}", {}, { limits: { outputSize: 100 } }).error
        .code,
    ).toBe("ZE_LIMIT_OUTPUT");
  });
});

/**
 * B3: a value can share its parts (`s = [s, s]` doubles the value's size in one step without copying), so n steps
 * build a value whose tree has 2^n leaves. Printing, `==`, `dedupe`/`intersect` (valueKey) and `sort`
 * (naturalCompare) walk the whole tree without charging steps or checking the output size as they go: time and
 * memory grow as 2^n. With n = 100 a render hangs (or runs out of memory) whatever the limits.
 */
describe("values that share their parts", () => {
  const doubled = (n: number, leaf = "'xxxxxxxxxx'", make = "[s, s]") =>
    `{s = ${leaf}}{t = ${leaf}}{foreach range(1, ${n}) as i}{s = ${make}}{t = ${make.replace(/s/g, "t")}}{/foreach}`;
  const small = { limits: { steps: 1_000 } };

  it("can be built cheaply, and printing a small one works", () => {
    expect(compile(doubled(3, "1")).render({}, { escape: "none" }).output).toBe("");
    expect(compile(`${doubled(2, "1")}{s}`).render({}, { escape: "none" }).output).toBe("[[1, 1], [1, 1]]");
  });

  // The leaf is a Proxy that counts reads, so the work printing does is measured exactly (not by the clock).
  it.each(["json", "none"] as const)(
    "B3: printing a value of 2^16 shared leaves (escape %s) stops at the output limit without visiting them all",
    (mode) => {
      let reads = 0;
      const leaf = new Proxy(["xxxxxxxxxx"], {
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver);
        },
      });
      const o = failure(
        `${doubled(16, "leaf")}{s}`,
        { data: { leaf } },
        { escape: mode, limits: { outputSize: 1_000 } },
      );
      expect(o.error.code).toBe("ZE_LIMIT_OUTPUT");
      expect(reads).toBeLessThan(10_000); // 1 000 characters hold ~100 leaves; the tree has 65 536
    },
  );

  it("B3: == on two values of 2^14 leaves is charged steps", () => {
    expect(failure(`${doubled(14, "1")}{s == t}`, {}, small).error.code).toBe("ZE_LIMIT_STEPS");
  });

  it("B3: dedupe() of values of 2^14 leaves is charged steps", () => {
    expect(failure(`${doubled(14)}{length(dedupe([s, t]))}`, {}, small).error.code).toBe("ZE_LIMIT_STEPS");
  });

  it("B3: sort() of values of 2^14 leaves is charged steps", () => {
    expect(failure(`${doubled(14, "1")}{length(sort([s, t, s, t]))}`, {}, small).error.code).toBe("ZE_LIMIT_STEPS");
  });
});

describe("includeDepth and include cycles", () => {
  const snippets: Record<string, string> = {
    self: "{include 'self'}",
    a: "x{include 'b'}",
    b: "y{include 'c'}",
    c: "z{include 'a'}",
  };
  const resolver = (name: string) =>
    snippets[name] ?? (/^p\d+$/.test(name) ? `{include 'p${Number(name.slice(1)) + 1}'}` : undefined);

  it("reports a snippet that includes itself, and a longer cycle, with the chain", () => {
    const self = expectLimit(failure("{include 'self'}", {}, { snippets: resolver }), "ZE_INCLUDE_CYCLE");
    expect(self.message).toBe("include cycle: self → self");
    const cycle = expectLimit(failure("{include 'a'}", {}, { snippets: resolver }), "ZE_INCLUDE_CYCLE");
    expect(cycle.message).toBe("include cycle: a → b → c → a");
    expectSpan(cycle);
    expect(cycle.filename).toBe("c");
  });

  it("stops an endless chain of distinct snippets at includeDepth", () => {
    const e = expectLimit(failure("{include 'p0'}", {}, { snippets: resolver }), "ZE_LIMIT_INCLUDE_DEPTH");
    expect(e.message).toBe("includes are nested more than 10 deep");
    expectSpan(e);
    expect(failure("{include 'p0'}", {}, { snippets: resolver, limits: { includeDepth: 3 } }).error.message).toBe(
      "includes are nested more than 3 deep",
    );
  });

  it("counts includes inside a loop against the step limit", () => {
    const e = failure(
      "{foreach range(1, 100000) as i}{include 'leaf'}{/foreach}",
      {},
      { snippets: (n) => (n === "leaf" ? "{x = 1}" : undefined), limits: { steps: 1000 } },
    ).error;
    expect(e.code).toBe("ZE_LIMIT_STEPS");
  });
});

describe("providerTimeoutMs", () => {
  const src = "ok\n{c = personalize({'algorithm': 'trending', 'size': 1})}{c[0].title}";

  it("ends a render whose provider never answers within the time-out, at the personalize() call", async () => {
    const hanging: ContentProvider = { personalize: () => new Promise(() => {}) };
    const started = performance.now();
    const e = await compile(src, { filename: "t.zephyr" })
      .renderAsync({}, { provider: hanging, limits: { providerTimeoutMs: 100 } })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(e).toBeInstanceOf(ZephyrError);
    expect((e as ZephyrError).code).toBe("ZE_PROVIDER_TIMEOUT");
    expect((e as ZephyrError).span?.line).toBe(2);
    expect((e as ZephyrError).hint).toContain("--provider-timeout");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("times out each call, so a provider that answers slowly forever cannot stretch a render", async () => {
    let calls = 0;
    const slow: ContentProvider = {
      personalize: () => {
        calls++;
        return new Promise((resolve) => setTimeout(() => resolve([{ title: "t" }]), calls > 2 ? 10_000 : 5));
      },
    };
    const many = "{foreach range(1, 50) as i}{c = personalize({'algorithm': 'trending', 'size': i})}{/foreach}";
    await expect(
      compile(many).renderAsync({}, { provider: slow, limits: { providerTimeoutMs: 100 } }),
    ).rejects.toMatchObject({
      code: "ZE_PROVIDER_TIMEOUT",
    });
  });

  it("turns a provider that throws (sync or async) into ZE_PROVIDER at the call", async () => {
    const throwing: ContentProvider = {
      personalize: () => {
        throw new TypeError("boom");
      },
    };
    expect(failure(src, {}, { provider: throwing }).error.code).toBe("ZE_PROVIDER");
    const rejecting: ContentProvider = { personalize: () => Promise.reject(new TypeError("boom")) };
    await expect(compile(src).renderAsync({}, { provider: rejecting })).rejects.toMatchObject({
      code: "ZE_PROVIDER",
      span: expect.objectContaining({ line: 2 }),
    });
  });
});
