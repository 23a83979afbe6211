/** What a service embedding the engine relies on: snippets, custom functions and providers that fail, codes. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorCodeTable, type FunctionDef, type RenderOptions, ZephyrError } from "./internal.js";
import { compile } from "./template.js";

function errorOf(f: () => unknown): ZephyrError {
  try {
    f();
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("no error");
}

async function asyncErrorOf(p: Promise<unknown>): Promise<ZephyrError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("{include} resolvers", () => {
  it("may answer asynchronously under renderAsync, nested includes too", async () => {
    const store: Record<string, string> = { header: "[{include 'brand'}]", brand: "Acme {name}" };
    const snippets = async (name: string) => store[name];
    const t = compile("{name = 'Ann'}{include 'header'} hi");
    expect((await t.renderAsync({}, { snippets, escape: "none" })).output).toBe("[Acme Ann] hi");
  });

  it("fail with ZE_INCLUDE and a hint when a sync render meets a promise", () => {
    const t = compile("{include 'header'}", { filename: "t.zephyr" });
    const e = errorOf(() => t.render({}, { snippets: async () => "x" }));
    expect(e.code).toBe("ZE_INCLUDE");
    expect(e.hint).toMatch(/renderAsync/);
    expect(e.location).toBe("t.zephyr:1:1");
  });

  it("keep the cause of a resolver that throws or rejects", async () => {
    const t = compile("a{include 'x'}");
    const boom = new Error("store down");
    const sync = errorOf(() =>
      t.render(
        {},
        {
          snippets: () => {
            throw boom;
          },
        },
      ),
    );
    expect([sync.code, sync.cause === boom, sync.span?.column]).toEqual(["ZE_INCLUDE", true, 2]);
    const rejected = await asyncErrorOf(t.renderAsync({}, { snippets: () => Promise.reject(boom) }));
    expect([rejected.code, rejected.cause === boom, rejected.span?.column]).toEqual(["ZE_INCLUDE", true, 2]);
  });

  it("see a snippet that changed: compiled snippets are keyed by their text", () => {
    let text = "v1";
    const options: RenderOptions = { snippets: () => text, escape: "none" };
    const t = compile("{include 'x'}");
    expect(t.render({}, options).output).toBe("v1");
    text = "v2 {1 + 1}";
    expect(t.render({}, options).output).toBe("v2 2");
    text = "v1";
    expect(t.render({}, options).output).toBe("v1");
  });
});

describe("failures of the embedder's code", () => {
  const explode: FunctionDef = {
    name: "explode",
    signature: "explode() → string",
    description: "throws",
    params: [],
    examples: [],
    call() {
      throw new TypeError("bad input");
    },
  };

  it("a custom function that throws is a ZephyrError at the call, with the cause", () => {
    const t = compile("Hi\n  {explode()}", { filename: "f.zephyr", functions: { explode } });
    const e = errorOf(() => t.render());
    expect(e.code).toBe("ZE_FUNCTION_FAILED");
    expect(e.message).toContain("explode() failed: bad input");
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(e.location).toBe("f.zephyr:2:4");
    expect(e.frame()).toContain("explode()");
  });

  it("a custom function's own ZephyrError and cancel() pass through", () => {
    const strict: FunctionDef = { ...explode, name: "strict", call: (ctx) => ctx.fail("ZE_FUNCTION_ARGUMENT", "no") };
    const stop: FunctionDef = { ...explode, name: "stop", call: (ctx) => ctx.cancel("not today") };
    const t = compile("{strict()}", { functions: { strict } });
    expect(errorOf(() => t.render()).code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(compile("a{stop()}", { functions: { stop } }).render().cancelled?.message).toBe("not today");
  });

  it("a provider that throws synchronously keeps its cause and the call's span", () => {
    const boom = new Error("catalog offline");
    const provider = {
      personalize() {
        throw boom;
      },
    };
    const t = compile("x {personalize({'algorithm': 'popular'})}");
    const e = errorOf(() => t.render({}, { provider }));
    expect([e.code, e.cause === boom, e.span?.line, e.span?.column]).toEqual(["ZE_PROVIDER", true, 1, 4]);
  });
});

describe("error codes", () => {
  it("every ZE_ code in the sources is in ERROR_CODES (the one list)", () => {
    const packages = new URL("../../", import.meta.url);
    const files = readdirSync(packages).flatMap((pkg) => {
      const src = new URL(`${pkg}/src/`, packages);
      if (!existsSync(src)) return [];
      return readdirSync(src, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes("test-"))
        .map((f) => `${pkg}/src/${f}`);
    });
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(new URL(file, packages), "utf8");
      for (const m of text.matchAll(/"(ZE_[A-Z0-9_]+)"/g)) used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((code) => !Object.hasOwn(ERROR_CODES, code))).toEqual([]);
  });

  it("the table in the package README is the one generated from ERROR_CODES", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = /<!-- error-codes:start[^>]*-->\n([\s\S]*?)\n<!-- error-codes:end -->/.exec(readme);
    expect(section, "packages/zephyr/README.md has no generated error-code table").not.toBeNull();
    expect(section?.[1], "stale table: run node scripts/gen-error-codes.mjs").toBe(errorCodeTable());
  });
});
