/**
 * Rendering is total: any well-formed template (test/arbitraries.ts `template`) with any data (hostile strings, keys
 * and nesting) gives an output or a ZephyrError, in both escape modes, strict and lenient — never a TypeError, a
 * RangeError or a hang. Runs `FUZZ_RUNS` cases per property (CI default below; `FUZZ_RUNS=20000` on demand).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bigData,
  briefReport,
  hostileData,
  hostileJson,
  hostileProfile,
  hostileString,
  jsonishTemplate,
  template,
} from "../test/arbitraries.js";
import { ZephyrError } from "./errors.js";
import { BUILTINS } from "./functions/index.js";
import { arity } from "./functions/registry.js";
import type { RenderInput, RenderOptions } from "./options.js";
import { compile, type Template } from "./template.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** Cases with hundreds of kilobytes of data: fewer, each takes longer to generate. */
const BIG_RUNS = Math.max(10, Math.floor(RUNS / 5));
/** Big runs (`FUZZ_RUNS=20000`) take minutes, not the default 20 s time-out. */
const TIMEOUT = Math.max(20_000, RUNS * 10);

/** Keeps one case cheap: a random loop must not spend the default million steps. */
const LIMITS = { steps: 20_000, outputSize: 100_000 };

const MODES: RenderOptions[] = [
  { escape: "json" },
  { escape: "none" },
  { escape: "json", strict: true },
  { escape: "none", strict: true },
];

/** Renders, returning the output or the ZephyrError; anything else thrown fails the property with the culprit. */
function attempt(t: Template, input: RenderInput, options: RenderOptions): string | ZephyrError {
  try {
    return t.render(input, { now: 0, seed: 1, limits: LIMITS, ...options }).output;
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw new Error(`render threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
}

/** A ZephyrError a human can act on: a code, a message, and a span that lies inside the template. */
function expectWellFormed(e: ZephyrError, source: string): void {
  expect(e.code).toMatch(/^ZE_[A-Z_]+$/);
  expect(e.message.length).toBeGreaterThan(0);
  if (e.span) {
    expect(e.span.offset).toBeGreaterThanOrEqual(0);
    expect(e.span.endOffset).toBeLessThanOrEqual(source.length + 1);
  }
}

describe("rendering random templates with hostile data never throws anything but ZephyrError", () => {
  it(
    "in both escape modes, strict and lenient (fast-check)",
    () => {
      fc.assert(
        fc.property(template, hostileProfile, hostileData, (source, profile, data) => {
          const t = compile(source, { limits: LIMITS });
          const started = performance.now();
          for (const mode of MODES) {
            const r = attempt(t, { profile, data }, mode);
            if (r instanceof ZephyrError) expectWellFormed(r, source);
          }
          expect(performance.now() - started).toBeLessThan(1_000);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "renders the same output twice and never changes its input (fast-check)",
    () => {
      fc.assert(
        fc.property(template, hostileProfile, hostileData, (source, profile, data) => {
          const t = compile(source, { limits: LIMITS });
          const before = structuredClone({ profile, data });
          const first = attempt(t, { profile, data }, {});
          const second = attempt(t, { profile, data }, {});
          if (typeof first === "string") expect(second).toBe(first);
          else expect((second as ZephyrError).code).toBe(first.code);
          expect({ profile, data }).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "maps the output to template spans without gaps when segments are on (fast-check)",
    () => {
      fc.assert(
        fc.property(template, hostileData, (source, data) => {
          const t = compile(source, { limits: LIMITS });
          let result: ReturnType<Template["render"]>;
          try {
            result = t.render({ data }, { segments: true, limits: LIMITS, now: 0 });
          } catch (e) {
            if (e instanceof ZephyrError) return;
            throw e;
          }
          let at = 0;
          for (const s of result.segments) {
            expect(s.start).toBe(at);
            expect(s.end).toBeGreaterThanOrEqual(s.start);
            expect(s.span.offset).toBeGreaterThanOrEqual(0);
            expect(s.span.endOffset).toBeLessThanOrEqual(source.length);
            at = s.end;
          }
          expect(at).toBe(result.output.length);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe("data of hundreds of kilobytes (issue 13)", () => {
  it(
    "random templates end in bounded time with an output or a ZephyrError (fast-check)",
    () => {
      fc.assert(
        fc.property(template, bigData, (source, data) => {
          const t = compile(source, { limits: LIMITS });
          const started = performance.now();
          for (const mode of [MODES[0], MODES[1]]) {
            const r = attempt(t, { data }, mode);
            if (r instanceof ZephyrError) expectWellFormed(r, source);
          }
          expect(performance.now() - started).toBeLessThan(1_500);
        }),
        { numRuns: BIG_RUNS, reporter: briefReport, endOnFailure: true },
      );
    },
    TIMEOUT,
  );
});

describe("the output modes agree", () => {
  /** Output or error code of a render; `segments: true` always runs the runtime-tracked code (compiler/statements.ts). */
  const outcome = (t: Template, input: RenderInput, options: RenderOptions): string => {
    const r = attempt(t, input, options);
    return r instanceof ZephyrError ? `error ${r.code} at ${r.span?.offset}` : r;
  };

  it(
    "tracked (segments on) and compiled-state renders give the same output or error, in every mode (fast-check)",
    () => {
      const source = fc.oneof(
        template,
        jsonishTemplate.map((j) => j.source),
      );
      fc.assert(
        fc.property(source, hostileProfile, hostileData, (src, profile, data) => {
          const t = compile(src, { limits: LIMITS });
          const values = Object.fromEntries(Object.keys(data).map((k, i) => [`v${i}`, data[k]]));
          const input = { profile, data: { ...data, ...values } };
          for (const mode of MODES) {
            expect(outcome(t, input, mode)).toBe(outcome(t, input, { ...mode, segments: true }));
          }
        }),
        { numRuns: RUNS * 2 },
      );
    },
    TIMEOUT,
  );
});

describe("payload mode keeps any printed value inside its JSON slot", () => {
  const slots = compile('{\n"s": "<{v}>", "v": {v}, "l": [{v}, "{v}"], "o": {\n"in": {v}}}');

  it(
    "a string slot and a value slot yield JSON that parses, with exactly the template's fields (fast-check)",
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileString, hostileJson), (v) => {
          const out = slots.render({ data: { v } }).output;
          const parsed = JSON.parse(out);
          expect(Object.keys(parsed)).toEqual(["s", "v", "l", "o"]);
          expect(Object.keys(parsed.o)).toEqual(["in"]);
          expect(parsed.l).toHaveLength(2);
          expect(typeof parsed.s).toBe("string");
          const normalized = JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "string" ? x.toWellFormed() : x)));
          expect(parsed.v).toEqual(normalized ?? null);
          if (typeof v === "string") expect(parsed.s).toBe(`<${v.toWellFormed()}>`);
        }),
        { numRuns: RUNS * 4 },
      );
    },
    TIMEOUT,
  );
});

describe("every built-in function with hostile arguments", () => {
  const defs = Object.values(BUILTINS).filter((d) => !d.unavailable);
  const argument = fc.constantFrom(
    "x",
    "y",
    "items",
    "name",
    "first_name",
    "profile",
    "profile.vars",
    "null",
    "''",
    "-1",
    "1e308",
    "0.5",
    "'__proto__'",
    "'constructor'",
    "'-price'",
    "'vars.x'",
    "[x, y, items]",
    "({'x': x, 'y': y})",
    "lambda a: a",
    "lambda a, b: b",
    "lambda a: x",
  );
  const call = fc.tuple(fc.constantFrom(...defs), fc.array(argument, { maxLength: 4 })).map(([def, pool]) => {
    const { min, max } = arity(def.params);
    const n = Math.min(max, min + (pool.length % 3));
    const args = Array.from({ length: n }, (_, i) => pool[i] ?? "x");
    return `{${def.name}(${args.join(", ")})}`;
  });

  it(
    "with arguments of hundreds of kilobytes, ends in bounded time with a value or a ZephyrError (fast-check)",
    () => {
      fc.assert(
        fc.property(call, bigData, (source, data) => {
          const t = compile(source);
          const provider = { personalize: () => [{ title: "t", url: "u" }] };
          const started = performance.now();
          const r = attempt(t, { data }, { provider });
          if (r instanceof ZephyrError) expectWellFormed(r, source);
          expect(performance.now() - started, source).toBeLessThan(1_500);
        }),
        { numRuns: BIG_RUNS, reporter: briefReport, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it(
    "gives a value or a ZephyrError, never another exception (fast-check)",
    () => {
      fc.assert(
        fc.property(call, hostileProfile, hostileData, (source, profile, data) => {
          const t = compile(source);
          const provider = { personalize: () => [{ title: "t", url: "u" }] };
          for (const mode of MODES) {
            const r = attempt(t, { profile, data }, { ...mode, provider });
            if (r instanceof ZephyrError) expectWellFormed(r, source);
          }
        }),
        { numRuns: RUNS * 2 },
      );
    },
    TIMEOUT,
  );
});
