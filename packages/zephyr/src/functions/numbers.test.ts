import { describe, expect, it } from "vitest";
import { FloatValue } from "../values.js";
import { roundScaled } from "./decimal-format.js";
import { callFn, failure, fakeContext, run } from "./test-context.js";

describe("number(x, precision)", () => {
  it.each([
    [[1500, 2], "1,500.00"],
    [[15, 2], "15.00"],
    [[1234567.891], "1,234,568"],
    [[0], "0"],
    [[999.5], "1,000"],
    [[-1234.5678, 2], "-1,234.57"],
    [[0.5], "0"],
    [[1.5], "2"],
    [[2.5], "2"],
    [[1234.5], "1,234"],
    [[1235.5], "1,236"],
    [[0.125, 2], "0.12"],
    [[0.375, 2], "0.38"],
    [[2.675, 2], "2.67"],
    [[1.005, 2], "1.00"],
    [[-0.001, 2], "0.00"],
    [[-0.4], "0"],
    [[1e21], "1,000,000,000,000,000,000,000"],
    [[1 / 3, 5], "0.33333"],
    [[5, "2"], "5.00"],
    [[5, null], "5"],
    [[5, 1.9], "5.0"],
    [[Number.NaN], "NaN"],
    [[Number.POSITIVE_INFINITY], "∞"],
    [[Number.NEGATIVE_INFINITY, 2], "-∞"],
  ])("number%j = %j", (args, out) => {
    expect(run("number", args)).toBe(out);
  });

  it("rejects a bad precision", () => {
    const f = failure(() => run("number", [5, -1]));
    expect(f.code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(f.message).toMatch(/^number\(\): the precision must be between 0 and 340/);
    expect(failure(() => run("number", [5, [2]])).message).toContain("got a list");
  });
});

describe("number(x, DecimalFormat pattern)", () => {
  it.each([
    [1234.5678, "#,##0.00", "1,234.57"],
    [1234.5, "$#,##0.00", "$1,234.50"],
    [1234.5, "$#,##0", "$1,234"],
    [1235.5, "$#,##0", "$1,236"],
    [2.25, "0.#", "2.2"],
    [2.35, "0.#", "2.4"],
    [2, "0.#", "2"],
    [0.5, "#.##", "0.5"],
    [0.456, "#.##", "0.46"],
    [0.5, "#.00", ".50"],
    [0, "#", "0"],
    [0, "#.##", "0"],
    [42, "0000", "0042"],
    [5, "0,000", "0,005"],
    [1234567, "#,##,##0", "1,234,567"],
    [1234567, "#,####", "123,4567"],
    [1234, "#,##0.", "1,234."],
    [0.256, "0%", "26%"],
    [0.2564, "0.0%", "25.6%"],
    [0.285, "0%", "28%"],
    [1234, "0", "1234"],
    [5, "x0", "x5"],
    [5, "10", "5.0000000000"],
    [0.07, "0%", "7%"],
    [0.5, "0‰", "500‰"],
    [1234.567, "¤#,##0.00", "$1,234.57"],
    [5, "¤¤ 0", "USD 5"],
    [1234.567, "#,##0.00 €", "1,234.57 €"],
    [5, "'#'0", "#5"],
    [5, "0 'o''clock'", "5 o'clock"],
    [5, "0''", "5'"],
    [-1234, "#,##0;(#,##0)", "(1,234)"],
    [1234, "#,##0;(#,##0)", "1,234"],
    [-5, "0 CR;0 DR", "5 DR"],
    [-5, "$0", "-$5"],
    [-0.001, "0.00", "0.00"],
    [-5, "0;", "-5"],
    [12345, "0.###E0", "1.234E4"],
    [12346, "0.###E0", "1.235E4"],
    [12345, "##0.##E0", "12.3E3"],
    [123456, "##0.#####E0", "123.456E3"],
    [0.00123, "00.###E0", "12.3E-4"],
    [0, "0.0E00", "0.0E00"],
    [-1500, "0.0E0", "-1.5E3"],
    [9.999, "0.00E0", "1.00E1"],
  ])("number(%j, %j) = %j", (x, pattern, out) => {
    expect(run("number", [x, pattern])).toBe(out);
  });

  it.each([
    ["", "empty"],
    ["abc", "no digit"],
    ["0.0.0", "two '.'"],
    ["#,##0.0#0", "'0' after '#'"],
    ["0,", "','"],
    ["'0", "unterminated"],
    ["0%%", "more than one"],
    ["#,##0E0", "grouping"],
    ["0E", "'E'"],
    ["0#", "'0' placeholders"],
    ["0;0;0", "more than one ';'"],
    ["0 0", "suffix"],
  ])("rejects the pattern %j (%s)", (pattern, why) => {
    const f = failure(() => run("number", [1, pattern]));
    expect(f.code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(f.message).toContain(`number(): '${pattern}' is not a valid DecimalFormat pattern`);
    expect(f.message).toContain(why);
    expect(f.hint).toContain("#,##0.00");
  });
});

describe("exact rounding", () => {
  it("rounds the exact binary value, ties to even or away from zero", () => {
    expect(roundScaled(0.5, 0, "half-even")).toBe(0n);
    expect(roundScaled(1.5, 0, "half-even")).toBe(2n);
    expect(roundScaled(0.5, 0, "half-up")).toBe(1n);
    expect(roundScaled(2.5, 0, "half-up")).toBe(3n);
    expect(roundScaled(0.1, 1, "half-even")).toBe(1n);
    expect(roundScaled(1234, -2, "half-even")).toBe(12n);
    expect(roundScaled(5e-324, 400, "half-even") > 0n).toBe(true);
  });
});

describe("int (decided: toward zero; lenient strings)", () => {
  it.each([
    [3.99, 3],
    [-3.99, -3],
    [-0.5, 0],
    ["42", 42],
    [" 7.9 ", 7],
    ["12px", 12],
    ["-4.5kg", -4],
    ["abc", 0],
    ["", 0],
    [null, 0],
    [true, 1],
    [false, 0],
    [[1], 0],
  ])("int(%j) = %j", (x, out) => {
    expect(Object.is(run("int", [x]), out)).toBe(true);
  });
  it("is strict about non-numbers in strict mode", () => {
    expect(failure(() => run("int", ["abc"], { strict: true })).message).toContain("'abc' is not a number");
    expect(failure(() => run("int", [[1]], { strict: true })).message).toContain("got a list");
  });
});

describe("round (decided: ties away from zero, returns a float)", () => {
  it.each([
    [[50.5], 51],
    [[50.4], 50],
    [[-2.5], -3],
    [[-0.4], 0],
    [[2.675, 2], 2.67],
    [[2.665, 2], 2.67],
    [[1.005, 2], 1],
    [[1.23456, 3], 1.235],
    [[1250, -2], 1300],
    [[-1250, -2], -1300],
    [[7], 7],
  ])("round%j = %j", (args, out) => {
    const r = run("round", args);
    expect(r).toBeInstanceOf(FloatValue);
    expect(Object.is((r as FloatValue).value, out)).toBe(true);
  });
  it("rejects absurd decimals", () => {
    expect(failure(() => run("round", [1, 500])).code).toBe("ZE_FUNCTION_ARGUMENT");
  });
});

describe("arithmetic", () => {
  it("abs, exp, sqrt", () => {
    expect(run("abs", [-3])).toBe(3);
    expect(run("exp", [2, 10])).toBe(1024);
    expect(run("exp", [2, -1])).toBe(0.5);
    expect(run("exp", [0, 0])).toBe(1);
    expect(run("sqrt", [2.25])).toBe(1.5);
    expect(run("sqrt", [0])).toBe(0);
  });
  it("fails on results that are not real numbers", () => {
    const f = failure(() => run("sqrt", [-4]));
    expect(f.code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(f.message).toBe("sqrt(): expected a number ≥ 0, got -4");
    expect(failure(() => run("exp", [-8, 0.5])).message).toContain("not a real number");
    expect(failure(() => run("exp", [10, 400])).message).toContain("too large");
  });
});

describe("random (seeded)", () => {
  it("is reproducible for a seed and stays in range", () => {
    const a = fakeContext({ seed: 42 });
    const b = fakeContext({ seed: 42 });
    const xs = Array.from({ length: 50 }, () => callFn(a, "random", 10));
    expect(Array.from({ length: 50 }, () => callFn(b, "random", 10))).toEqual(xs);
    for (const x of xs) expect(Number.isInteger(x) && (x as number) >= 0 && (x as number) < 10).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(3);
    const f = callFn(fakeContext({ seed: 42 }), "random") as number;
    expect(f >= 0 && f < 1).toBe(true);
    expect(callFn(fakeContext({ seed: 7 }), "random")).not.toBe(f);
    expect(run("random", [1])).toBe(0);
    expect(run("random", [null])).toBeTypeOf("number");
  });
  it("rejects a limit below 1", () => {
    expect(failure(() => run("random", [0])).message).toContain("random(): the limit must be an integer ≥ 1");
  });
});

describe("compare (natural order)", () => {
  it.each([
    [1, 2, -1],
    [2, 2.0, 0],
    ["b", "a", 1],
    ["B", "a", -1],
    ["10", "9", 1],
    ["9.99", 12.99, -1],
    [5, "5", 0],
    [null, 0, -1],
    [false, 0, -1],
    [1, "a", -1],
    ["z", [1], -1],
    [[1, 2], [1, 3], -1],
    [[1], [1, 0], -1],
    [{ a: 1 }, { b: 2 }, 0],
  ])("compare(%j, %j) = %j", (a, b, out) => {
    expect(run("compare", [a, b])).toBe(out);
  });
});

describe("distance", () => {
  it("computes great-circle distances", () => {
    expect(run("distance", [0, 0, 0, 0])).toBe(0);
    expect(run("distance", [0, 0, 0, 1, "km"])).toBeCloseTo(111.195, 3);
    expect(run("distance", [0, 0, 0, 1])).toBeCloseTo(69.093, 3);
    expect(run("distance", [0, 0, 0, 180, "km"])).toBeCloseTo(20015.1, 1);
  });
  it("rejects unknown units and bad latitudes", () => {
    expect(failure(() => run("distance", [0, 0, 1, 1, "furlongs"])).message).toContain("unknown units 'furlongs'");
    expect(failure(() => run("distance", [91, 0, 1, 1])).message).toContain("lat1 must be between -90 and 90");
  });
});
