/**
 * Payload mode never lets data break the JSON or add fields (design.md §4, zephyr README "Payload mode"): for the
 * seed template and for generated JSON-ish templates, ANY value bound to the variables yields output that
 * `JSON.parse` accepts, with exactly the template's fields. `FUZZ_RUNS` cases per property (`FUZZ_RUNS=20000` on
 * demand).
 *
 * Tests marked `it.fails` show a bug found while writing them (see the issue-8 robustness report); each one starts
 * passing — and so must be turned back into `it` — when the bug is fixed.
 */
import { readFileSync } from "node:fs";
import { compile, type RenderInput, ZephyrError } from "@zephyr/zephyr";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bigString,
  briefReport,
  hostileJson,
  hostileString,
  type JsonishTemplate,
  jsonishTemplate,
  type Skeleton,
} from "../../zephyr/test/arbitraries.js";
import { type PayloadOptions, type PayloadResult, renderPayload } from "./render-payload.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TIMEOUT = Math.max(20_000, RUNS * 5);

const SEED_FILE = new URL("../../../fixtures/seed/profile-data.zephyr", import.meta.url);
const seed = compile(readFileSync(SEED_FILE, "utf8"), { filename: "profile-data.zephyr" });
const SEED_FIELDS = ["to", "body", "subscriptionType", "useShortLinks", "skipFatigue"];

/** Renders the seed template for a profile whose first_name (and phone) is `name`, through renderPayload. */
function renderSeed(name: unknown, sms: unknown = "+12025550143") {
  const input: RenderInput = { profile: { keys: { sms }, vars: { first_name: name } } };
  const result = renderPayload(seed, input);
  return { result, parsed: JSON.parse(result.output) as Record<string, unknown> };
}

/** What the engine prints for a value in a string (README "Printing"), made well-formed as payload mode does. */
function printed(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.toWellFormed();
  return typeof v === "object" ? "" : String(v);
}

describe("issue 5: the seed template with any first_name", () => {
  it(
    "yields JSON whose body is exactly 'Hi, ' + name.toWellFormed() + ' !' (full Unicode, lone surrogates) (fast-check)",
    () => {
      fc.assert(
        fc.property(hostileString, (name) => {
          const { result, parsed } = renderSeed(name);
          expect(Object.keys(parsed)).toEqual(SEED_FIELDS);
          expect(parsed.body).toBe(`Hi, ${name.toWellFormed()} !`);
          expect(parsed.to).toBe("+12025550143");
          expect(result.payload).toEqual(parsed);
          expect(result.diagnostics.filter((d) => d.code === "AT_JSON_SYNTAX")).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "with a first_name of hundreds of kilobytes, answers in bounded time with a few findings per code (fast-check)",
    () => {
      fc.assert(
        fc.property(bigString, (name) => {
          const started = performance.now();
          let rendered: ReturnType<typeof renderSeed>;
          try {
            rendered = renderSeed(name);
          } catch (e) {
            // Escaped, a first name can outgrow the output limit (a NUL is six characters): a located limit error.
            expect(e).toBeInstanceOf(ZephyrError);
            expect((e as ZephyrError).code).toBe("ZE_LIMIT_OUTPUT");
            expect((e as ZephyrError).span).toBeDefined();
            return;
          }
          const { result, parsed } = rendered;
          // Linear, but 200 000 units of astral characters are 100 000 segmenter steps: generous for a shared CI
          // machine, far below the minutes a quadratic step took.
          expect(performance.now() - started).toBeLessThan(4_000);
          expect(parsed.body).toBe(`Hi, ${name.toWellFormed()} !`);
          const perCode = new Map<string, number>();
          for (const d of result.diagnostics) perCode.set(d.code, (perCode.get(d.code) ?? 0) + 1);
          for (const n of perCode.values()) expect(n).toBeLessThanOrEqual(6);
          expect(result.sms?.characters).toBeGreaterThan(0);
        }),
        { numRuns: Math.max(5, Math.floor(RUNS / 50)), reporter: briefReport, endOnFailure: true },
      );
    },
    TIMEOUT,
  );

  it.each([
    ["quotes", 'Ann "The Hammer"'],
    ["a backslash", "O\\Neil"],
    ["a trailing backslash", "Ann\\"],
    ["an escaped quote", '\\"'],
    ["control characters", "a\u0000b\u0001c\u001f\u007f\n\r\t"],
    ["line and paragraph separators", "a\u2028b\u2029c"],
    ["a lone high surrogate", "x\ud800y"],
    ["a lone low surrogate at the end", "x\udc00"],
    ["a reversed pair", "\udc00\ud800"],
    ["emoji and ZWJ sequences", "😀 👩‍👩‍👧"],
    ["JSON that tries to add a field", 'x", "mediaUrl": "https://evil.example/a.jpg'],
    ["a tag", "{profile.keys.sms}"],
    ["a byte-order mark", "\ufeffAnn"],
  ])("%s", (_what, name) => {
    const { parsed } = renderSeed(name);
    expect(Object.keys(parsed)).toEqual(SEED_FIELDS);
    expect(parsed.body).toBe(`Hi, ${name.toWellFormed()} !`);
  });

  it(
    "any JSON value as first_name or as the phone keeps the five fields, with string values (fast-check)",
    () => {
      fc.assert(
        fc.property(hostileJson, hostileJson, (name, sms) => {
          const { parsed } = renderSeed(name, sms);
          expect(Object.keys(parsed)).toEqual(SEED_FIELDS);
          expect(typeof parsed.body).toBe("string");
          expect(typeof parsed.to).toBe("string");
          expect((parsed.body as string).startsWith("Hi, ")).toBe(true);
          expect((parsed.body as string).endsWith(" !")).toBe(true);
          if (typeof name !== "object" || name === null) expect(parsed.body).toBe(`Hi, ${printed(name)} !`);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

/** Checks parsed output against the skeleton: same keys in every object, slots filled as the values say. */
function expectShape(parsed: unknown, s: Skeleton, values: Record<string, unknown>, at = "$"): void {
  switch (s.kind) {
    case "literal":
      expect(parsed, at).toEqual(JSON.parse(s.json));
      return;
    case "string": {
      expect(typeof parsed, at).toBe("string");
      const v = values[s.name];
      const prefix = JSON.parse(`"${s.prefix}"`);
      const suffix = JSON.parse(`"${s.suffix}"`);
      const text = parsed as string;
      expect(text.startsWith(prefix) && text.endsWith(suffix), at).toBe(true);
      if (typeof v !== "object" || v === null) expect(text, at).toBe(prefix + printed(v) + suffix);
      return;
    }
    case "value": {
      const v = values[s.name];
      const json = JSON.parse(JSON.stringify(v ?? null, (_k, x) => (typeof x === "string" ? x.toWellFormed() : x)));
      expect(parsed, at).toEqual(json);
      return;
    }
    case "array":
      expect(Array.isArray(parsed), at).toBe(true);
      expect((parsed as unknown[]).length, at).toBe(s.items.length);
      s.items.forEach((item, i) => {
        expectShape((parsed as unknown[])[i], item, values, `${at}[${i}]`);
      });
      return;
    case "object":
      expect(parsed !== null && typeof parsed === "object" && !Array.isArray(parsed), at).toBe(true);
      expect(Object.keys(parsed as object), at).toEqual(s.entries.map(([k]) => JSON.parse(`"${k}"`)));
      for (const [k, v] of s.entries)
        expectShape((parsed as Record<string, unknown>)[JSON.parse(`"${k}"`)], v, values, `${at}.${k}`);
  }
}

const bindings = (t: JsonishTemplate) =>
  fc
    .tuple(...t.vars.map(() => fc.oneof(hostileString, hostileJson)))
    .map((vs) => Object.fromEntries(t.vars.map((name, i) => [name, vs[i]])));
/** A generated template with a value for each of its slots. */
const templateWithValues = jsonishTemplate.chain((t) => fc.tuple(fc.constant(t), bindings(t)));

describe("generated JSON-ish templates with any data", () => {
  it(
    "parse, and have exactly the template's fields, with every slot holding its value (fast-check)",
    () => {
      fc.assert(
        fc.property(templateWithValues, ([t, values]) => {
          const template = compile(t.source);
          const output = template.render({ data: values }).output;
          let parsed: unknown;
          try {
            parsed = JSON.parse(output);
          } catch (e) {
            throw new Error(`not JSON: ${(e as Error).message}\n--- template\n${t.source}\n--- output\n${output}`);
          }
          expectShape(parsed, t.skeleton, values);
          const result = renderPayload(template, { data: values }, { endpoint: "text-send" });
          expect(result.payload).toEqual(parsed);
          expect(result.diagnostics.map((d) => d.code)).not.toContain("AT_JSON_SYNTAX");
          expect(result.diagnostics.map((d) => d.code)).not.toContain("AT_DUPLICATE_KEY");
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "give the same result with late segments (a second render only to place diagnostics), and with spans only for rejected payloads (fast-check)",
    () => {
      fc.assert(
        fc.property(templateWithValues, ([t, values]) => {
          const template = compile(t.source, { filename: "t.zephyr" });
          const options: PayloadOptions = { endpoint: "text-send", now: "2024-03-15T12:00:00Z", brand: "Acme" };
          const once = renderPayload(template, { data: values }, { ...options, lateSegments: false });
          expect(renderPayload(template, { data: values }, { ...options, lateSegments: true })).toEqual(once);
          expect(renderPayload(template, { data: values }, options)).toEqual(once);
          const rejectedOnly = renderPayload(template, { data: values }, { ...options, spans: "rejected" });
          expect(rejectedOnly).toEqual(once.ok ? withoutSpans(once) : once);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it("values from profile vars, data and assignments are treated alike", () => {
    const t = compile(
      '{greeting = "Hi " + first_name}\n{\n"a": "{greeting}", "b": {first_name}, "c": "{x}{first_name}"}',
    );
    const name = '", "injected": true, "z": "\\';
    const out = t.render({ profile: { vars: { first_name: name } }, data: { x: { k: [name] } } }).output;
    expect(JSON.parse(out)).toEqual({ a: `Hi ${name}`, b: name, c: JSON.stringify({ k: [name] }) + name });
  });

  // B5: a tag right after a backslash inside a JSON string (`"C:\{folder}"`) is written in the IN_ESCAPE state: the
  // value is escaped as usual, but its first character completes the template's escape, so a value starting with a
  // quote closes the string (`"p\` + `\"` → `"p\\"`) and the rest of the payload is no longer JSON.
  it("B5: a value printed right after a backslash inside a string keeps the JSON valid", () => {
    const t = compile('{\n"a": "p\\{x}q", "b": 1}');
    for (const x of ['"', '", "evil": true, "z": "', "\\", "n", "u12", ""]) {
      const out = t.render({ data: { x } }).output;
      expect(() => JSON.parse(out), out).not.toThrow();
      expect(Object.keys(JSON.parse(out))).toEqual(["a", "b"]);
    }
  });
});

function withoutSpans(result: PayloadResult): PayloadResult {
  return { ...result, diagnostics: result.diagnostics.map(({ span: _s, file: _f, ...d }) => d) };
}
