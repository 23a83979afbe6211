import { compile } from "@zephyr/zephyr";
import { LineIndex, type RenderOptions, type Segment, type Span, ZephyrError } from "@zephyr/zephyr/internal";
import { describe, expect, it } from "vitest";
import {
  type PayloadOptions,
  type PayloadTemplate,
  renderPayload,
  renderPayloadAsync,
  validatePayloadText,
} from "./render-payload.js";

/** Literal template text, or a tag (its template source) and what it printed. */
type Part = string | { tag: string; value: string };

/**
 * A stand-in for a compiled template: the output and segment map are made from the parts, as the engine would
 * (text is copied as written; a tag's output maps to the tag's span).
 */
function fakeTemplate(parts: Part[], filename?: string) {
  const source = parts.map((p) => (typeof p === "string" ? p : p.tag)).join("");
  const index = new LineIndex(source);
  const segments: Segment[] = [];
  let output = "";
  let at = 0;
  for (const part of parts) {
    const [src, out] = typeof part === "string" ? [part, part] : [part.tag, part.value];
    segments.push({
      start: output.length,
      end: output.length + out.length,
      kind: typeof part === "string" ? "text" : "tag",
      span: index.span(at, at + src.length),
    });
    output += out;
    at += src.length;
  }
  const calls: (RenderOptions | undefined)[] = [];
  const template: PayloadTemplate & { calls: typeof calls } = {
    source,
    filename,
    calls,
    render: (_input, options) => {
      calls.push(options);
      return { output, segments };
    },
    renderAsync: async (_input, options) => {
      calls.push(options);
      return { output, segments };
    },
  };
  return template;
}

/** The span of the `nth` occurrence of `text` in the template source. */
function spanOf(template: PayloadTemplate, text: string, nth = 0): Span {
  let i = -1;
  for (let n = 0; n <= nth; n++) i = template.source.indexOf(text, i + 1);
  if (i < 0) throw new Error(`${text} not in the template`);
  return new LineIndex(template.source).span(i, i + text.length);
}

const tail = '",\n  "subscriptionType": "MARKETING",\n  "useShortLinks": false,\n  "skipFatigue": false\n}';

describe("renderPayload", () => {
  it("renders with segments, parses, validates, and summarises the SMS", () => {
    const t = fakeTemplate([
      '{\n  "to": "',
      { tag: "{profile.keys.sms}", value: "+12125551234" },
      '",\n  "body": "Hi ',
      { tag: "{first_name}", value: "Ann" },
      tail,
    ]);
    const result = renderPayload(t, { profile: {} }, { seed: 7 });
    expect(result).toEqual({
      ok: true,
      output: expect.stringContaining('"body": "Hi Ann"'),
      payload: {
        to: "+12125551234",
        body: "Hi Ann",
        subscriptionType: "MARKETING",
        useShortLinks: false,
        skipFatigue: false,
      },
      diagnostics: [],
      sms: { encoding: "GSM-7", units: 6, segments: 1, characters: 6, ucs2Characters: [] },
    });
    expect(t.calls).toEqual([{ seed: 7, segments: true }]);
  });

  it("points a diagnostic on a value at the tag that printed it", () => {
    const t = fakeTemplate(['{\n  "to": "', { tag: "{phone}", value: "212-555-1234" }, '",\n  "body": "Hi', tail]);
    const [diagnostic] = renderPayload(t, {}).diagnostics;
    expect(diagnostic).toMatchObject({ code: "AT_TO_NOT_E164", span: spanOf(t, "{phone}") });
    expect(diagnostic.span).toMatchObject({ line: 2, column: 10, endLine: 2, endColumn: 17 });
  });

  it("points at a tag that printed nothing", () => {
    const t = fakeTemplate(['{\n  "to": "', { tag: "{phone}", value: "" }, '",\n  "body": "Hi', tail]);
    expect(renderPayload(t, {}).diagnostics[0]).toMatchObject({ code: "AT_TO_NOT_E164", span: spanOf(t, "{phone}") });
  });

  it("points a brace in the body at the tag whose value holds it", () => {
    const t = fakeTemplate([
      '{"to": "+12125551234", "body": "Hi ',
      { tag: "{name}", value: "Ann" },
      " ",
      { tag: "{offer}", value: "{{code}}" },
      tail,
    ]);
    expect(renderPayload(t, {}).diagnostics).toEqual([
      expect.objectContaining({ code: "AT_BODY_BRACES", span: spanOf(t, "{offer}") }),
    ]);
  });

  it("points a brace written in the template text at that exact character, through JSON escapes", () => {
    const t = fakeTemplate([
      '{"to": "+12125551234", "body": "\\"Hi\\"\\n',
      { tag: "{name}", value: "Ann" },
      " } bye",
      tail,
    ]);
    const result = renderPayload(t, {});
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "AT_BODY_BRACES", span: spanOf(t, "}", 1) })]);
  });

  it("points an empty-variable warning at the empty tag", () => {
    const t = fakeTemplate([
      '{"to": "+12125551234", "body": "Hi ',
      { tag: "{first_name}", value: "" },
      ", welcome!",
      tail,
    ]);
    expect(renderPayload(t, {}).diagnostics).toEqual([
      expect.objectContaining({ code: "AT_BODY_EMPTY_VARIABLE", span: spanOf(t, "{first_name}") }),
    ]);
  });

  it("points an unknown field at its name, and a duplicate at the second name", () => {
    const t = fakeTemplate([
      '{"to": "+12125551234", "body": "Hi", "mediaURL": "https://x.com/a.png", "body": "Hey',
      tail,
    ]);
    expect(renderPayload(t, {}).diagnostics).toEqual([
      expect.objectContaining({ code: "AT_DUPLICATE_KEY", span: spanOf(t, '"body"', 1) }),
      expect.objectContaining({ code: "AT_UNKNOWN_FIELD", span: spanOf(t, '"mediaURL"') }),
    ]);
  });

  it("points a missing field at the opening brace of its object", () => {
    const t = fakeTemplate(['\n{"body": "Hi', tail]);
    expect(renderPayload(t, {}).diagnostics).toEqual([
      expect.objectContaining({
        code: "AT_RECIPIENT_MISSING",
        span: { offset: 1, endOffset: 2, line: 2, column: 1, endLine: 2, endColumn: 2 },
      }),
    ]);
  });

  it("points a JSON syntax error at the character where it was found", () => {
    const t = fakeTemplate(['{\n  "to": "', { tag: "{phone}", value: "+12125551234" }, '"\n  "body": "Hi', tail]);
    const result = renderPayload(t, {});
    expect(result.ok).toBe(false);
    expect(result.payload).toBeUndefined();
    expect(result.sms).toBeUndefined();
    expect(result.diagnostics).toEqual([
      {
        severity: "error",
        code: "AT_JSON_SYNTAX",
        message: `The payload is not valid JSON: expected ',' or '}' after the value of "to", found '"' (line 3, column 3).`,
        span: { offset: 22, endOffset: 23, line: 3, column: 3, endLine: 3, endColumn: 4 },
      },
    ]);
  });

  it("points a syntax error in a printed value at its tag", () => {
    const t = fakeTemplate([
      '{"to": "+12125551234", "body": ',
      { tag: "{body}", value: '"Hi\nAnn"' },
      ', "subscriptionType": "MARKETING"}',
    ]);
    expect(renderPayload(t, {}).diagnostics[0]).toMatchObject({ code: "AT_JSON_SYNTAX", span: spanOf(t, "{body}") });
  });

  it("points an error at the end of the output at the last character", () => {
    const t = fakeTemplate([
      '{"to": "+12125551234", "body": "',
      { tag: "{body}", value: "Hi" },
      '", "subscriptionType": "MARKETING"',
    ]);
    const [diagnostic] = renderPayload(t, {}).diagnostics;
    expect(diagnostic.message).toContain("the output ends too early inside an object");
    expect(diagnostic.span).toMatchObject({ offset: t.source.length - 1, endOffset: t.source.length });
  });

  it("names the template file in diagnostics that have a span", () => {
    const t = fakeTemplate(['{"body": "Hi', tail], "shipped.zephyr");
    expect(renderPayload(t, {}).diagnostics[0]).toMatchObject({ code: "AT_RECIPIENT_MISSING", file: "shipped.zephyr" });
  });

  it("counts the brand in the SMS summary and lists UCS-2 characters", () => {
    const t = fakeTemplate(['{"to": "+12125551234", "body": "It’s here', tail]);
    const result = renderPayload(t, {}, { brand: "Acme" });
    expect(result.sms).toEqual({
      encoding: "UCS-2",
      units: 15,
      segments: 1,
      characters: 15,
      ucs2Characters: [{ char: "’", index: 2, codePoint: 0x2019, replacement: "'" }],
    });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["AT_BODY_NOT_GSM"]);
    expect(t.calls[0]).toEqual({ segments: true });
  });

  it("validates subscriptions payloads, without SMS facts", () => {
    const t = fakeTemplate([
      '{"user": {"phone": "',
      { tag: "{phone}", value: "+12125551234" },
      '"}, "signUpSourceId": "357280"}',
    ]);
    expect(renderPayload(t, {}, { endpoint: "subscriptions" })).toEqual({
      ok: true,
      output: expect.any(String),
      payload: { user: { phone: "+12125551234" }, signUpSourceId: "357280" },
      diagnostics: [],
    });
  });

  it('returns the raw output with endpoint "none"', () => {
    const t = fakeTemplate(["Hi ", { tag: "{name}", value: "Ann" }, " {"]);
    expect(renderPayload(t, {}, { endpoint: "none" })).toEqual({
      ok: true,
      output: "Hi Ann {",
      payload: undefined,
      diagnostics: [],
    });
  });

  it("returns a cancelled render as a result, without validating", () => {
    const cancelled = { message: "no phone number" };
    const t = fakeTemplate(["not json"]);
    t.render = () => ({ output: "partial", cancelled, segments: [] });
    expect(renderPayload(t, {})).toEqual({
      ok: false,
      cancelled,
      output: "partial",
      payload: undefined,
      diagnostics: [],
    });
  });

  it("lets a template error propagate", () => {
    const t = fakeTemplate(["{}"]);
    const error = new ZephyrError({ code: "ZE_SYNTAX", message: "boom" });
    t.render = () => {
      throw error;
    };
    expect(() => renderPayload(t, {})).toThrow(error);
  });
});

describe("renderPayloadAsync", () => {
  it("does the same with renderAsync", async () => {
    const t = fakeTemplate(['{"to": "', { tag: "{phone}", value: "212-555-1234" }, '", "body": "Hi', tail]);
    const result = await renderPayloadAsync(t, {}, { endpoint: "text-send", tz: "UTC" });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "AT_TO_NOT_E164", span: spanOf(t, "{phone}") });
    expect(t.calls).toEqual([{ tz: "UTC", segments: true }]);
  });
});

describe("late segments", () => {
  const clean = ['{"to": "', { tag: "{phone}", value: "+12125551234" }, '", "body": "Hi', tail] as Part[];
  const faulty = ['{"to": "', { tag: "{phone}", value: "212-555-1234" }, '", "body": "Hi', tail] as Part[];
  const now = "2024-03-15T12:00:00Z";

  it("renders once, without segments, a payload that has nothing to report", () => {
    const t = fakeTemplate(clean);
    const result = renderPayload(t, {}, { now, lateSegments: true });
    expect(result.ok).toBe(true);
    expect(t.calls).toEqual([{ now, segments: false }]);
  });

  it("renders again with segments to place diagnostics, with the same result as one render with segments", () => {
    const t = fakeTemplate(faulty);
    const result = renderPayload(t, {}, { now, lateSegments: true });
    expect(t.calls).toEqual([
      { now, segments: false },
      { now, segments: true },
    ]);
    const once = fakeTemplate(faulty);
    expect(renderPayload(once, {}, { now, lateSegments: false })).toEqual(result);
    expect(once.calls).toEqual([{ now, segments: true }]);
    expect(result.diagnostics[0]).toMatchObject({ code: "AT_TO_NOT_E164", span: spanOf(t, "{phone}") });
  });

  it("is the default with a fixed clock and no provider; not with a provider, a real clock or segments asked for", () => {
    const provider = { personalize: () => [] };
    const cases: [PayloadOptions, boolean][] = [
      [{ now }, true],
      [{ now, provider }, false],
      [{ now, provider, lateSegments: true }, true],
      [{}, false],
      [{ now, segments: true }, false],
      [{ now, lateSegments: true, segments: true }, false],
    ];
    for (const [options, late] of cases) {
      const t = fakeTemplate(faulty);
      renderPayload(t, {}, options);
      expect(t.calls.map((c) => c?.segments)).toEqual(late ? [false, true] : [true]);
    }
  });

  it("takes the second render's result when it does not reproduce the first", () => {
    const first = fakeTemplate(faulty);
    const second = fakeTemplate(['{"to": "', { tag: "{phone}", value: "+1 212 555" }, '", "body": "Hi', tail]);
    let calls = 0;
    const t: PayloadTemplate = {
      ...first,
      render: (input, options) => (calls++ === 0 ? first : second).render(input, options),
    };
    const result = renderPayload(t, {}, { now, lateSegments: true });
    expect(calls).toBe(2);
    expect(result).toEqual(renderPayload(second, {}, { now }));
    expect(result.output).toContain("+1 212 555");
  });

  it("does the same with renderAsync", async () => {
    const t = fakeTemplate(faulty);
    const result = await renderPayloadAsync(t, {}, { now, lateSegments: true });
    expect(t.calls.map((c) => c?.segments)).toEqual([false, true]);
    expect(result).toEqual(renderPayload(fakeTemplate(faulty), {}, { now }));
    const withProvider = fakeTemplate(faulty);
    await renderPayloadAsync(withProvider, {}, { now, provider: { personalize: async () => [] } });
    expect(withProvider.calls.map((c) => c?.segments)).toEqual([true]);
  });
});

describe('spans: "rejected"', () => {
  it("leaves the warnings of an ok payload unplaced, without rendering again", () => {
    const parts: Part[] = ['{"to": "+12125551234", "body": "It’s here', tail];
    const t = fakeTemplate(parts, "t.zephyr");
    const result = renderPayload(t, {}, { now: "2024-03-15T12:00:00Z", spans: "rejected" });
    expect(t.calls.map((c) => c?.segments)).toEqual([false]);
    const placed = renderPayload(fakeTemplate(parts, "t.zephyr"), {}, {});
    expect(placed.diagnostics[0].span).toBeDefined();
    expect(result).toEqual({ ...placed, diagnostics: placed.diagnostics.map(({ span: _s, file: _f, ...d }) => d) });
  });

  it("places every diagnostic of a payload that is not ok", () => {
    const parts: Part[] = ['{"to": "', { tag: "{phone}", value: "212-555" }, '", "body": "It’s here', tail];
    const result = renderPayload(fakeTemplate(parts, "t.zephyr"), {}, { spans: "rejected" });
    expect(result.ok).toBe(false);
    expect(result).toEqual(renderPayload(fakeTemplate(parts, "t.zephyr"), {}, {}));
    expect(result.diagnostics.every((d) => d.span && d.file === "t.zephyr")).toBe(true);
  });
});

describe("validatePayloadText", () => {
  it("points diagnostics into the JSON text itself and reports SMS facts", () => {
    const text = '{\n  "to": "555",\n  "body": "Hi {name}",\n  "subscriptionType": "MARKETING"\n}';
    const r = validatePayloadText(text, { filename: "p.json" });
    const to = r.diagnostics.find((d) => d.code === "AT_TO_NOT_E164");
    expect([to?.span?.line, to?.span?.column, to?.file]).toEqual([2, 9, "p.json"]);
    const braces = r.diagnostics.find((d) => d.code === "AT_BODY_BRACES");
    expect([braces?.span?.line, braces?.span?.column]).toEqual([3, 15]);
    expect(r.sms?.segments).toBe(1);
    expect(r.ok).toBe(false);
  });

  it("reports a syntax error with its line and column", () => {
    const r = validatePayloadText('{\n  "to": "+12025550143",\n}');
    expect(r.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([["AT_JSON_SYNTAX", 2, 24]]);
    expect(r.diagnostics[0].message).toMatch(/comma/);
  });
});

describe("platform stubs (the engine's notices)", () => {
  const source =
    '{\n  "to": "+12025550143",\n  "subscriptionType": "MARKETING",\n  "useShortLinks": false,\n  "skipFatigue": false,\n  "body": "Code {promotion().code}"\n}';

  it("passes the platform option and adds the render's notices as info diagnostics; ok is unchanged", async () => {
    const t = compile(source, { filename: "promo.zephyr" });
    for (const r of [
      renderPayload(t, {}, { platform: "stub" }),
      await renderPayloadAsync(t, {}, { platform: "stub", now: 0 }),
    ]) {
      expect(r.ok).toBe(true);
      expect(r.payload).toMatchObject({ body: "Code sample_code" });
      expect(r.diagnostics.map((d) => [d.severity, d.code, d.span?.line, d.file])).toEqual([
        ["info", "ZI_PLATFORM_STUB", 6, "promo.zephyr"],
      ]);
    }
    expect(() => renderPayload(t, {})).toThrow(/not available outside Sailthru/);
  });

  it("keeps the notices of a payload with findings (placed by a second render) and of a cancelled render", () => {
    const t = compile(source.replace('"+12025550143"', '"555"'));
    const r = renderPayload(t, {}, { platform: "stub", now: 0 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.code === "ZI_PLATFORM_STUB")).toHaveLength(1);
    const c = renderPayload(compile("{promotion()}{cancel(true, 'no')}"), {}, { platform: "stub" });
    expect(c.cancelled?.message).toBe("no");
    expect(c.diagnostics.map((d) => d.code)).toEqual(["ZI_PLATFORM_STUB"]);
  });
});

describe("the sms option", () => {
  const now = "2024-03-15T12:00:00Z";
  const bodies = ["Hi Ann", "Hi, Zoë 🎉 !", "Hi  {x} null", "", "€[]".repeat(60), "李雷".repeat(40)];
  const tos = ["+12125551234", "212-555-1234", "+19999999999"];

  it("false gives the same result without `sms`, for every body and recipient; true (the default) has it", () => {
    for (const body of bodies)
      for (const to of tos)
        for (const spans of ["all", "rejected"] as const) {
          const source = JSON.stringify({ to, body, subscriptionType: "MARKETING" });
          const t = fakeTemplate([source]);
          const withSms = renderPayload(t, {}, { now, spans, brand: "Acme" });
          const without = renderPayload(t, {}, { now, spans, brand: "Acme", sms: false });
          expect(withSms.sms).toBeDefined();
          expect(without.sms).toBeUndefined();
          expect({ ...withSms, sms: undefined }).toEqual(without);
          expect(renderPayload(t, {}, { now, spans, brand: "Acme", sms: true })).toEqual(withSms);
        }
  });
});
