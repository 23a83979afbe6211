/**
 * The memory limit (issue 13, item 1; README "Limits"): bytes of strings, lists and objects a render builds, charged
 * where each is built, so a template cannot grow the process to gigabytes through cheap ropes that a function later
 * flattens. Each charge site has a test with a limit that only that charge can exceed.
 */
import { describe, expect, it } from "vitest";
import { ZephyrError } from "./errors.js";
import { DEFAULT_LIMITS, type RenderInput, type RenderOptions } from "./options.js";
import { compile } from "./template.js";

/** The template of issue 13: 130 bytes that took the process to 4 GB before the memory limit. */
export const BOOM =
  '{s = "x"}{foreach range(1, 19) as i}{s = s + s}{/foreach}{s = s + substr(s, 0, 475000)}{l = sort([s + i for i in range(1, 6000)])}';

function render(src: string, input: RenderInput = {}, options: RenderOptions = {}): string {
  return compile(src, { filename: "t.zephyr" }).render(input, { escape: "none", ...options }).output;
}

/** The ZE_LIMIT_MEMORY a render ends with (anything else fails the test). */
function memoryError(src: string, memory: number, input: RenderInput = {}, options: RenderOptions = {}): ZephyrError {
  try {
    render(src, input, { ...options, limits: { memory } });
  } catch (e) {
    if (e instanceof ZephyrError && e.code === "ZE_LIMIT_MEMORY") return e;
    throw e;
  }
  throw new Error(`expected ZE_LIMIT_MEMORY with a limit of ${memory} bytes`);
}

/** The template source a located error points at. */
function at(src: string, e: ZephyrError): string {
  return src.slice(e.span?.offset, e.span?.endOffset);
}

describe("the memory limit", () => {
  it("stops the 130-byte template of issue 13 under the default limits, fast, at the concatenation", () => {
    const started = performance.now();
    let error: unknown;
    try {
      render(BOOM);
    } catch (e) {
      error = e;
    }
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ZephyrError);
    const e = error as ZephyrError;
    expect(e.code).toBe("ZE_LIMIT_MEMORY");
    expect(e.message).toContain(`${DEFAULT_LIMITS.memory} bytes`);
    expect(e.hint).toContain("--max-memory");
    expect(e.filename).toBe("t.zephyr");
    expect(at(BOOM, e)).toBe("s + i");
    expect(e.span).toMatchObject({ line: 1, column: 99 });
  });

  it("has a default of 64 MiB, and a raised limit lets a large render through", () => {
    expect(DEFAULT_LIMITS.memory).toBe(64 * 1024 * 1024);
    const src = '{s = "x"}{foreach range(1, 18) as i}{s = s + s}{/foreach}{length(s)}';
    expect(memoryError(src, 500_000)).toBeInstanceOf(ZephyrError);
    expect(render(src, {}, { limits: { memory: 2_000_000 } })).toBe("262144");
  });

  it("charges a concatenation by its whole length (a rope costs its length once flattened)", () => {
    const src = '{s = "x"}{foreach range(1, 16) as i}{s = s + s}{/foreach}';
    // 2 + 4 + … + 65 536 units: 262 KB counted, though the ropes themselves are small.
    expect(at(src, memoryError(src, 200_000))).toBe("s + s");
    expect(render(src, {}, { limits: { memory: 300_000 } })).toBe("");
  });

  it("charges list literals, object literals and lambdas", () => {
    const list = "{foreach range(1, 1000) as k}{l = [k, k, k, k]}{/foreach}";
    expect(at(list, memoryError(list, 40_000))).toBe("[k, k, k, k]");
    const object = "{foreach range(1, 1000) as k}{o = {'a': k, 'b': k}}{/foreach}";
    expect(at(object, memoryError(object, 40_000))).toBe("{'a': k, 'b': k}");
    const lambda = "{foreach range(1, 1000) as k}{f = lambda x: x}{/foreach}";
    expect(at(lambda, memoryError(lambda, 40_000))).toBe("lambda x: x");
  });

  it("charges comprehensions per element", () => {
    const src = "{r = range(1, 1000)}{foreach range(1, 20) as k}{l = [i for i in r]}{/foreach}";
    expect(at(src, memoryError(src, 100_000))).toBe("[i for i in r]");
  });

  it("charges + on lists and objects by the size of the result", () => {
    const lists = "{l = range(1, 1000)}{foreach range(1, 20) as k}{m = l + l}{/foreach}";
    expect(at(lists, memoryError(lists, 100_000))).toBe("l + l");
    const objects = "{foreach range(1, 1000) as k}{m = a + a}{/foreach}";
    const a = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(at(objects, memoryError(objects, 100_000, { data: { a } }))).toBe("a + a");
  });

  it("charges member assignment and the copy it makes of data", () => {
    const grow = "{o = {}}{foreach range(1, 10000) as k}{o[k] = k}{/foreach}";
    expect(at(grow, memoryError(grow, 100_000))).toBe("o[k]");
    // Each `m[0] = 1` copies the 1 000-element list `m` was just set to.
    const copy = "{l = range(1, 1000)}{foreach range(1, 50) as k}{m = l}{m[0] = 1}{/foreach}";
    expect(at(copy, memoryError(copy, 200_000))).toBe("m[0]");
  });

  it("charges what functions build, at the call", () => {
    const s = "x".repeat(10_000);
    const upper = "{foreach range(1, 100) as k}{u = upper(s)}{/foreach}";
    expect(at(upper, memoryError(upper, 1_000_000, { data: { s } }))).toBe("upper(s)");
    const sorted = "{foreach range(1, 100) as k}{u = sort(xs)}{/foreach}";
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(at(sorted, memoryError(sorted, 500_000, { data: { xs } }))).toBe("sort(xs)");
    const buckets = "{b = bucket_list(xs, lambda x: x % 2)}";
    expect(at(buckets, memoryError(buckets, 5_000, { data: { xs } }))).toBe("bucket_list(xs, lambda x: x % 2)");
  });

  it("charges split's pieces, not only its list", () => {
    const words = "a ".repeat(10_000);
    // The list alone is 80 KB; with its 10 000 pieces it is more than 150 KB.
    const src = "{w = split(words)}";
    expect(at(src, memoryError(src, 150_000, { data: { words } }))).toBe("split(words)");
    expect(render("{length(split(words))}", { data: { words } }, { limits: { memory: 400_000 } })).toBe("10000");
  });

  it("does not charge data passed in, nor a function that returns part of its argument", () => {
    const big = Array.from({ length: 10_000 }, (_, i) => i);
    const src = "{foreach range(1, 1000) as k}{f = first(big)}{g = big}{/foreach}{f}";
    expect(render(src, { data: { big } }, { limits: { memory: 100_000 } })).toBe("0");
  });

  it("charges the segments a render records", () => {
    const src = "{foreach range(1, 10000) as k}{''}{/foreach}";
    expect(memoryError(src, 300_000, {}, { segments: true }).code).toBe("ZE_LIMIT_MEMORY");
    expect(render(src, {}, { limits: { memory: 300_000 } })).toBe("");
  });

  it("counts per render: the same template renders again from zero", () => {
    const t = compile('{s = "x"}{foreach range(1, 15) as i}{s = s + s}{/foreach}ok');
    for (let i = 0; i < 3; i++) expect(t.render({}, { limits: { memory: 200_000 } }).output).toBe("ok");
  });
});
