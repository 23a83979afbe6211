import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { template } from "../test/arbitraries.js";
import { ZephyrError } from "./errors.js";
import { compile } from "./template.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** The output, or the error code and position, of a render. */
function outcome(render: () => string): string {
  try {
    return `ok:${render()}`;
  } catch (e) {
    if (e instanceof ZephyrError) return `error:${e.code}@${e.span?.offset}`;
    throw e;
  }
}

describe("variable scopes", () => {
  it("slots when every settable name is known; names kept by name with {include} or a computed set()", () => {
    const layout = compile("{x = 1}{foreach l as i, v}{v}{/foreach}{set('y', 2)}").layout;
    expect([...(layout?.slotOf.keys() ?? [])].sort()).toEqual(["i", "v", "x", "y"]);
    expect(layout?.count).toBe(4);
    expect(compile("{x = 1}{include 'a'}").layout).toBeNull();
    expect(compile("{set('y' + n, 2)}").layout).toBeNull();
  });

  it("a computed set() name is readable by a later tag", () => {
    expect(compile("{n = 'b'}{set('a' + n, 5)}{ab}").render({}, { escape: "none" }).output).toBe("5");
  });

  it("slot and name-keyed scopes render every template alike (fast-check)", () => {
    const data = fc.record({
      x: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
      items: fc.array(fc.integer(), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(template, data, (source, d) => {
        let slotted: ReturnType<typeof compile>;
        let named: ReturnType<typeof compile>;
        try {
          slotted = compile(source);
          named = compile(source, { snippet: true });
        } catch (e) {
          if (e instanceof ZephyrError) return; // compile errors are the same code path for both
          throw e;
        }
        for (const strict of [false, true]) {
          const options = { escape: "none" as const, strict, limits: { steps: 5_000 } };
          expect(outcome(() => slotted.render({ data: d }, options).output)).toBe(
            outcome(() => named.render({ data: d }, options).output),
          );
        }
      }),
      { numRuns: RUNS },
    );
  });
});
