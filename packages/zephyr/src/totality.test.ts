import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anySource } from "../test/arbitraries.js";
import { ZephyrError } from "./errors.js";
import { parse } from "./parser.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

describe("the lexer and parser are total", () => {
  it("any string gives an AST or a ZephyrError whose span lies inside the input (fast-check)", () => {
    fc.assert(
      fc.property(anySource, (src) => {
        const started = performance.now();
        try {
          parse(src);
        } catch (e) {
          expect(e).toBeInstanceOf(ZephyrError);
          const span = (e as ZephyrError).span;
          if (span) {
            expect(span.offset).toBeGreaterThanOrEqual(0);
            expect(span.endOffset).toBeLessThanOrEqual(src.length + 1);
            expect(span.offset).toBeLessThanOrEqual(span.endOffset);
          }
        }
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: RUNS },
    );
  });
});
