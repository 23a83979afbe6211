import { describe, expect, it } from "vitest";
import { callFn, FnCancelled, failure, fakeContext, lambda, run } from "./test-context.js";

describe("type (decided: one 'number' type)", () => {
  it.each([
    [null, "null"],
    [true, "boolean"],
    [42, "number"],
    [4.2, "number"],
    ["42", "string"],
    [[], "list"],
    [{}, "object"],
  ])("type(%j) = %j", (x, out) => {
    expect(run("type", [x])).toBe(out);
  });
  it("knows lambdas", () => {
    expect(run("type", [lambda(["x"], (x) => x)])).toBe("lambda");
  });
});

describe("set", () => {
  it("assigns by name and returns null", () => {
    const ctx = fakeContext();
    expect(callFn(ctx, "set", "myvar", [1, 2, "three"])).toBeNull();
    expect(ctx.vars.get("myvar")).toEqual([1, 2, "three"]);
  });
});

describe("assert and cancel end the render as cancelled", () => {
  const cancelled = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      if (e instanceof FnCancelled) return e.message;
      throw e;
    }
    throw new Error("expected the render to be cancelled");
  };

  it.each([[null], [false], [0], [""]])("assert(%j) cancels", (v) => {
    expect(cancelled(() => run("assert", [v, "no name"]))).toBe("no name");
  });
  it.each([[true], [1], ["0"], [[]], [{}]])("assert(%j) passes and prints nothing", (v) => {
    expect(run("assert", [v, "x"])).toBeNull();
  });
  it("assert without a message says why", () => {
    expect(cancelled(() => run("assert", [0]))).toBe("assert failed: the condition is 0");
    expect(cancelled(() => run("assert", [null]))).toBe("assert failed: the condition is empty");
  });
  it("cancel cancels when the condition is truthy", () => {
    expect(cancelled(() => run("cancel", [true, "no content"]))).toBe("no content");
    expect(cancelled(() => run("cancel", [[]]))).toBe("cancelled by cancel()");
    expect(run("cancel", [false, "x"])).toBeNull();
    expect(run("cancel", [null])).toBeNull();
  });
});

describe("personalization", () => {
  const items = [
    { n: "apple", tags: ["trixie"] },
    { n: "bone", tags: "kong, trixie" },
    { n: "cake", tags: ["Party Time"], weight: 5 },
    { n: "dot" },
  ];
  const names = (v: unknown) => (v as { n: string }[]).map((x) => x.n).join(",");

  it("personalize passes the request to the provider", () => {
    const ctx = fakeContext();
    const req = { algorithm: "interest", content: items, size: 2 };
    expect(callFn(ctx, "personalize", req)).toEqual(items.slice(0, 2));
    expect(ctx.requests).toEqual([req]);
    expect(failure(() => callFn(ctx, "personalize", { size: -1 })).message).toContain("'size' must be a number ≥ 0");
  });

  it("horizon_select ranks by interest offline, then weight, then input order", () => {
    const ctx = fakeContext({ interests: { kong: 2, "party-time": 1.5 } });
    expect(names(callFn(ctx, "horizon_select", items, 4))).toBe("bone,cake,apple,dot");
    expect(names(callFn(ctx, "horizon_select", items, 1))).toBe("bone");
    expect(callFn(ctx, "horizon_select", items, 0)).toEqual([]);
    expect(names(callFn(fakeContext(), "horizon_select", items, 9))).toBe("cake,apple,bone,dot");
    expect(names(callFn(ctx, "horizon_select", [1, "x", ...items], 9))).toBe("bone,cake,apple,dot");
  });

  it("horizon_select uses the provider's own horizonSelect when it has one", () => {
    const ctx = fakeContext();
    const provided = { ...ctx, provider: { personalize: () => [], horizonSelect: () => [] } };
    provided.horizonSelect = () => [items[3], items[0]];
    expect(names(callFn(provided, "horizon_select", items, 1))).toBe("dot");
  });

  it("horizon_interest returns the highest score of the tags, 0 when unknown", () => {
    const ctx = fakeContext({ interests: { menswear: 1.2, fashion: 2.5, constructor: 9 } });
    expect(callFn(ctx, "horizon_interest", "menswear")).toBe(1.2);
    expect(callFn(ctx, "horizon_interest", "menswear, Fashion")).toBe(2.5);
    expect(callFn(ctx, "horizon_interest", "purses")).toBe(0);
    expect(callFn(ctx, "horizon_interest", "")).toBe(0);
    expect(callFn(fakeContext(), "horizon_interest", "toString")).toBe(0);
  });

  it("horizon_set_interest sets scores for this render, optionally only upward", () => {
    const ctx = fakeContext({ interests: { shoes: 3 } });
    expect(callFn(ctx, "horizon_set_interest", ["Shoes", "Running Gear"], 2, true)).toBeNull();
    expect(ctx.interests()).toEqual({ shoes: 3, "running-gear": 2 });
    callFn(ctx, "horizon_set_interest", "shoes,hats", 1);
    expect(ctx.interests()).toEqual({ shoes: 1, "running-gear": 2, hats: 1 });
    expect(failure(() => callFn(ctx, "horizon_set_interest", 5, 1)).message).toContain("expected a tag string");
  });
});
