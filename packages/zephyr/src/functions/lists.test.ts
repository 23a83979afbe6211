import { describe, expect, it } from "vitest";
import { callFn, failure, fakeContext, lambda, run } from "./test-context.js";

const frozen = <T>(v: T): T => {
  if (v && typeof v === "object") {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
};

describe("length, contains, first", () => {
  it.each([
    ["héllo", 5],
    ["😀😀", 2],
    ["", 0],
    [[1, [2, 3]], 2],
    [{ a: 1, b: null }, 2],
    [null, 0],
    [12345, 5],
    [true, 4],
  ])("length(%j) = %j", (x, n) => {
    expect(run("length", [x])).toBe(n);
  });
  it("length of a lambda is an error", () => {
    expect(failure(() => run("length", [lambda(["x"], (x) => x)])).message).toBe("length(): a lambda has no length");
  });

  it.each([
    [["a", "b"], "a", true],
    [[1, 2], 2.0, true],
    [[1, 2], "1", false],
    [[[1], { a: 1 }], { a: 1 }, true],
    [[null], null, true],
    ["Hello world", "o w", true],
    ["Hello", "h", false],
    ["abc", "", true],
    ["a1b", 1, true],
    ["abc", null, false],
    [12345, 23, true],
    [{ vip: 1 }, "vip", true],
    [{ vip: 1 }, "VIP", false],
    [{ "1": "x" }, 1, true],
    [{}, "constructor", false],
    [{}, "__proto__", false],
    [null, "a", false],
  ])("contains(%j, %j) = %j", (hay, needle, out) => {
    expect(run("contains", [hay, needle])).toBe(out);
  });

  it.each([
    [[["a", "b"]], "a"],
    [[[]], null],
    [[[], "x"], "x"],
    [["Ann Smith"], "Ann"],
    [["  \n Ann"], "Ann"],
    [["   "], null],
    [["", "friend"], "friend"],
    [[{ b: 2, a: 1 }], 2],
    [[{}], null],
    [[null, "n/a"], "n/a"],
    [[42], 42],
  ])("first%j = %j", (args, out) => {
    expect(run("first", args)).toEqual(out);
  });
});

describe("list, map, filter", () => {
  it("list wraps, copies or empties", () => {
    const xs = [1, 2];
    const copy = run("list", [xs]);
    expect(copy).toEqual([1, 2]);
    expect(copy).not.toBe(xs);
    expect(run("list", ["a"])).toEqual(["a"]);
    expect(run("list", [{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(run("list", [null])).toEqual([]);
  });
  it("map and filter pass the index to two-parameter lambdas", () => {
    expect(run("map", [[1, 2], lambda(["x"], (x) => (x as number) * 10)])).toEqual([10, 20]);
    expect(run("map", [["a", "b"], lambda(["x", "i"], (x, i) => `${i}${x}`)])).toEqual(["0a", "1b"]);
    expect(run("filter", [[5, 6, 7], lambda(["x", "i"], (_x, i) => i !== 1)])).toEqual([5, 7]);
    expect(run("filter", [[0, 1, "", "a", null, [], {}]])).toEqual([1, "a", [], {}]);
    expect(run("filter_content", [[{ p: 1 }, { p: 20 }], lambda(["c"], (c) => (c as { p: number }).p > 10)])).toEqual([
      { p: 20 },
    ]);
  });
  it("charges a step per item", () => {
    const ctx = fakeContext();
    callFn(
      ctx,
      "map",
      [1, 2, 3, 4],
      lambda(["x"], (x) => x),
    );
    expect(ctx.steps).toBe(4 + 4); // 4 items + 4 lambda calls (charged by the fake callLambda)
  });
});

describe("push (decided: returns null, assigns a new list)", () => {
  it("appends without changing the old list", () => {
    const old = frozen([1]);
    const ctx = fakeContext({ vars: { xs: old } });
    expect(callFn(ctx, "push", "xs", 2)).toBeNull();
    expect(ctx.vars.get("xs")).toEqual([1, 2]);
    expect(old).toEqual([1]);
  });
  it("creates the list when the variable is null or unset", () => {
    const ctx = fakeContext();
    callFn(ctx, "push", "seen", "a");
    callFn(ctx, "push", "seen", null);
    expect(ctx.vars.get("seen")).toEqual(["a", null]);
  });
  it("refuses a variable that holds something else", () => {
    const ctx = fakeContext({ vars: { s: "text" } });
    expect(failure(() => callFn(ctx, "push", "s", 1)).message).toBe("push(): variable 's' holds a string, not a list");
  });
});

describe("range (decided: inclusive, empty when end is behind start)", () => {
  it.each([
    [
      [0, 1, 1],
      [0, 1],
    ],
    [
      [1, 3],
      [1, 2, 3],
    ],
    [[10, 2, 1], []],
    [[10, 2], []],
    [[5, 5], [5]],
    [
      [0, 9, 3],
      [0, 3, 6, 9],
    ],
    [
      [0, 10, 3],
      [0, 3, 6, 9],
    ],
    [
      [3, 1, -1],
      [3, 2, 1],
    ],
    [[1, 3, -1], []],
    [
      [0, 1, 0.25],
      [0, 0.25, 0.5, 0.75, 1],
    ],
    [
      [0, 0.3, 0.1],
      [0, 0.1, 0.2, 0.3],
    ],
    [
      [-2, 2, 2],
      [-2, 0, 2],
    ],
  ])("range%j = %j", (args, out) => {
    expect(run("range", args)).toEqual(out);
  });
  it("rejects a zero step and lists over the step limit", () => {
    expect(failure(() => run("range", [1, 5, 0])).message).toBe("range(): step must not be 0");
    const f = failure(() => run("range", [1, 2_000_000]));
    expect(f.code).toBe("ZE_LIMIT_STEPS");
    expect(f.message).toContain("range(): the result would have 2000000 elements");
    expect(failure(() => run("range", [0, 1e300])).code).toBe("ZE_LIMIT_STEPS");
  });
});

describe("shuffle (seeded)", () => {
  it("returns a permutation, reproducible for a seed, without changing its argument", () => {
    const xs = frozen(Array.from({ length: 20 }, (_, i) => i));
    const a = run("shuffle", [xs], { seed: 3 }) as number[];
    expect(run("shuffle", [xs], { seed: 3 })).toEqual(a);
    expect(run("shuffle", [xs], { seed: 4 })).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(xs);
    expect(a).not.toEqual(xs);
    expect(run("shuffle", [[]])).toEqual([]);
  });
});

describe("slice (decided: the third argument is a length)", () => {
  it.each([
    [
      [[1, 2, 3, 4, 5], 0, 2],
      [1, 2],
    ],
    [
      [[1, 2, 3, 4, 5], 1, 2],
      [2, 3],
    ],
    [
      [[1, 2, 3, 4, 5], 3],
      [4, 5],
    ],
    [
      [[1, 2, 3, 4, 5], -2],
      [4, 5],
    ],
    [[[1, 2, 3, 4, 5], -2, 1], [4]],
    [
      [[1, 2, 3, 4, 5], 1, -1],
      [2, 3, 4],
    ],
    [[[1, 2, 3], 5], []],
    [[[1, 2, 3], 0, 0], []],
    [
      [[1, 2, 3], 1, null],
      [2, 3],
    ],
    [[null, 0, 2], []],
    [["Zephyr", 1, 3], "eph"],
  ])("slice%j = %j", (args, out) => {
    expect(run("slice", args)).toEqual(out);
  });
  it("rejects an object", () => {
    expect(failure(() => run("slice", [{ a: 1 }, 0])).message).toBe("slice(): expected a list, got an object");
  });
});

describe("sort (decided: new list, stable, '-field' descending, lambdas)", () => {
  const items = frozen([
    { n: "a", price: 300, vars: { rank: 2 } },
    { n: "b", price: 100, vars: { rank: 3 } },
    { n: "c", price: 300, vars: { rank: 1 } },
    { n: "d", vars: { rank: 0 } },
  ]);
  const names = (v: unknown) => (v as { n: string }[]).map((x) => x.n).join("");

  it("does not change its argument", () => {
    const xs = frozen([3, 1, 2]);
    expect(run("sort", [xs])).toEqual([1, 2, 3]);
    expect(xs).toEqual([3, 1, 2]);
  });
  it("sorts mixed values in the natural order", () => {
    expect(run("sort", [[5, 3, 12, 4, 1]])).toEqual([1, 3, 4, 5, 12]);
    expect(run("sort", [["b", 2, null, "10", true, "a", 1.5, [0], { k: 1 }, false]])).toEqual([
      null,
      false,
      true,
      1.5,
      2,
      "10",
      "a",
      "b",
      [0],
      { k: 1 },
    ]);
    expect(run("sort", [["9.99", "12.99", "100"]])).toEqual(["9.99", "12.99", "100"]);
  });
  it("sorts by field, stably, missing fields first", () => {
    expect(names(run("sort", [items, "price"]))).toBe("dbac");
    expect(names(run("sort", [items, "-price"]))).toBe("acbd");
    expect(names(run("sort", [items, "+price"]))).toBe("dbac");
    expect(names(run("sort", [items, "vars.rank"]))).toBe("dcab");
    expect(names(run("sort", [items, null]))).toBe("abcd");
  });
  it("sorts with a comparator or a key lambda", () => {
    const byPrice = lambda(
      ["a", "b"],
      (a, b) => ((a as { price?: number }).price ?? 0) - ((b as { price?: number }).price ?? 0),
    );
    expect(names(run("sort", [items, byPrice]))).toBe("dbac");
    expect(names(run("sort", [items, lambda(["c"], (c) => -(c as { vars: { rank: number } }).vars.rank)]))).toBe(
      "bacd",
    );
    expect(run("sort", [["b", "a"], lambda(["a", "b"], () => "1")])).toEqual(["b", "a"]);
  });
  it("rejects a comparator that does not return a number, and other methods", () => {
    const f = failure(() => run("sort", [[1, 2], lambda(["a", "b"], (a, b) => (a as number) < (b as number))]));
    expect(f.message).toContain("sort(): the comparator must return a number");
    expect(f.hint).toContain("lambda a, b: a.price - b.price");
    expect(failure(() => run("sort", [[1, 2], 5])).message).toContain("the sort method must be a field name");
  });
  it("charges n·log n steps", () => {
    const ctx = fakeContext();
    callFn(
      ctx,
      "sort",
      Array.from({ length: 1024 }, (_, i) => 1024 - i),
    );
    expect(ctx.steps).toBe(1024 * 10);
  });
});

describe("keys and values", () => {
  it("reads objects and lists", () => {
    expect(run("keys", [{ b: 1, a: 2 }])).toEqual(["b", "a"]);
    expect(run("values", [{ b: 1, a: 2 }])).toEqual([1, 2]);
    expect(run("keys", [["x", "y"]])).toEqual([0, 1]);
    expect(run("values", [["x", "y"]])).toEqual(["x", "y"]);
    expect(run("keys", [null])).toEqual([]);
    expect(run("values", [null])).toEqual([]);
    expect(failure(() => run("keys", ["abc"])).message).toBe("keys(): expected an object, got a string");
    expect(failure(() => run("values", [3])).message).toBe("values(): expected an object, got a number");
  });
});

describe("dedupe, intersect, content_intersect, bucket_list", () => {
  it("dedupe keeps first occurrences", () => {
    const content = frozen([{ url: "a", t: 1 }, { url: "b", t: 2 }, { url: "a", t: 3 }, { t: 4 }, { t: 5 }]);
    expect(run("dedupe", [content])).toEqual([{ url: "a", t: 1 }, { url: "b", t: 2 }, { t: 4 }, { t: 5 }]);
    expect(run("dedupe", [[{ v: { id: 1 } }, { v: { id: 1 } }, { v: { id: 2 } }], "v.id"])).toEqual([
      { v: { id: 1 } },
      { v: { id: 2 } },
    ]);
    expect(run("dedupe", [[1, "1", 1.0, [1], [1], [{ a: 1, b: 2 }], [{ b: 2, a: 1 }], null, null]])).toEqual([
      1,
      "1",
      [1],
      [{ a: 1, b: 2 }],
      null,
    ]);
    // objects without the field are all kept
    expect(run("dedupe", [[{ a: 1 }, { a: 1 }]])).toEqual([{ a: 1 }, { a: 1 }]);
  });
  it("intersect keeps a's order, without duplicates", () => {
    expect(
      run("intersect", [
        [3, 1, 2, 1],
        [1, 3, 5],
      ]),
    ).toEqual([3, 1]);
    expect(run("intersect", [[{ a: 1 }, "x"], [{ a: 1 }]])).toEqual([{ a: 1 }]);
    expect(run("intersect", [[], [1]])).toEqual([]);
  });
  it("content_intersect matches by url", () => {
    const a = [{ url: "u1", title: "One" }, { url: "u2", title: "Two" }, { title: "NoUrl" }];
    const b = [{ url: "u2", title: "Other title" }, { title: "NoUrl" }];
    expect(run("content_intersect", [a, b])).toEqual([{ url: "u2", title: "Two" }, { title: "NoUrl" }]);
  });
  it("bucket_list groups by field or lambda", () => {
    const items = [{ t: "shoes", n: 1 }, { t: "hats", n: 2 }, { n: 3 }, { t: "shoes", n: 4 }];
    const out = run("bucket_list", [items, "t"]) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["shoes", "hats", ""]);
    expect(out.shoes).toEqual([items[0], items[3]]);
    const odd = run("bucket_list", [[1, 2, 3], lambda(["x"], (x) => ((x as number) % 2 ? "odd" : "even"))]);
    expect(JSON.stringify(odd)).toBe('{"odd":[1,3],"even":[2]}');
    const hostile = run("bucket_list", [[{ k: "__proto__" }], "k"]) as Record<string, unknown>;
    expect(Object.keys(hostile)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(hostile)).toBeNull();
    expect(failure(() => run("bucket_list", [[1], 3])).message).toContain("bucket_list(): the bucket method must be");
  });
});
