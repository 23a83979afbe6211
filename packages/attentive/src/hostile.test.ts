/**
 * Validation stays linear in the profile data (issue 13, item 2): SMS facts of long texts, and at most a few findings
 * per rule, whatever the body holds.
 */
import { readFileSync } from "node:fs";
import { compile } from "@zephyr/zephyr";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capFindings, FINDINGS_PER_CODE, type Finding } from "./finding.js";
import { renderPayload } from "./render-payload.js";
import { smsFacts } from "./sms.js";
import { validatePayload } from "./validate.js";

const SEED_FILE = new URL("../../../fixtures/seed/profile-data.zephyr", import.meta.url);
const seed = compile(readFileSync(SEED_FILE, "utf8"), { filename: "profile-data.zephyr" });

function renderWithName(firstName: string) {
  return renderPayload(seed, { profile: { keys: { sms: "+12125550123" }, vars: { first_name: firstName } } });
}

/** Generous for a shared CI machine; each case took 20–55 s before. */
const BOUND_MS = 2_000;

function timed<T>(f: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

describe("renderPayload on the seed with an 80 000-fold first name", () => {
  it('"é😀": the SMS facts are counted in linear time', () => {
    const { value, ms } = timed(() => renderWithName("é😀".repeat(80_000)));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(value.sms?.encoding).toBe("UCS-2");
    // "Hi, " + 80 000 × (é, 😀) + " !": every é and every emoji is one character.
    expect(value.sms?.characters).toBe(4 + 160_000 + 2);
  });

  it('"{ ": a few AT_BODY_BRACES findings and one that counts the rest', () => {
    const { value, ms } = timed(() => renderWithName("{ ".repeat(80_000)));
    expect(ms).toBeLessThan(BOUND_MS);
    const braces = value.diagnostics.filter((d) => d.code === "AT_BODY_BRACES");
    expect(braces).toHaveLength(FINDINGS_PER_CODE + 1);
    expect(braces.at(-1)?.message).toContain(`${80_000 - FINDINGS_PER_CODE} more AT_BODY_BRACES`);
    expect(braces.every((d) => d.span !== undefined)).toBe(true);
    expect(JSON.stringify(value.diagnostics).length).toBeLessThan(20_000);
  });

  it('"a  ": a few AT_BODY_EMPTY_VARIABLE findings and one that counts the rest', () => {
    const { value, ms } = timed(() => renderWithName("a  ".repeat(80_000)));
    expect(ms).toBeLessThan(BOUND_MS);
    const gaps = value.diagnostics.filter((d) => d.code === "AT_BODY_EMPTY_VARIABLE");
    expect(gaps).toHaveLength(FINDINGS_PER_CODE + 1);
    expect(gaps.at(-1)?.message).toContain(`${80_000 - FINDINGS_PER_CODE} more`);
  });

  it("a brace pair around a long text is quoted shortly in the message", () => {
    const { value } = timed(() => renderWithName(`{${"x".repeat(100_000)}}`));
    const [braces] = value.diagnostics.filter((d) => d.code === "AT_BODY_BRACES");
    expect(braces.message.length).toBeLessThan(300);
  });
});

describe("validatePayload caps findings", () => {
  it("10 000 duplicate keys are a few warnings and a count", () => {
    const json = `{"to":"+12125550123","body":"Hi",${'"x":1,'.repeat(10_000)}"subscriptionType":"MARKETING"}`;
    const { value, ms } = timed(() => validatePayload(json, "text-send"));
    expect(ms).toBeLessThan(BOUND_MS);
    const duplicates = value.filter((d) => d.code === "AT_DUPLICATE_KEY");
    expect(duplicates).toHaveLength(FINDINGS_PER_CODE + 1);
    expect(duplicates.at(-1)?.message).toContain(`${10_000 - 1 - FINDINGS_PER_CODE} more`);
  });

  it("capFindings keeps the first few of each code in order and adds one count per code", () => {
    const f = (code: string, i: number): Finding => ({ severity: "warning", code, path: `/${i}`, message: `${i}` });
    const findings = [...Array.from({ length: 8 }, (_, i) => f("A", i)), f("B", 8), f("A", 9)];
    const capped = capFindings(findings, 3);
    expect(capped.map((x) => `${x.code}${x.path}`)).toEqual(["A/0", "A/1", "A/2", "B/8", "A/3"]);
    expect(capped[4].message).toContain("6 more A findings");
    expect(capFindings(findings.slice(0, 3), 3)).toEqual(findings.slice(0, 3));
  });
});

describe("validatePayload with megabyte fields", () => {
  const big = "x".repeat(1 << 20);
  const base = { to: "+12125550123", body: "Hi", subscriptionType: "MARKETING", useShortLinks: false };

  it("a 1 MB unknown key is reported at once, quoted briefly (21 s of did-you-mean before)", () => {
    const { value, ms } = timed(() => validatePayload({ ...base, [big]: 1 }, "text-send"));
    expect(ms).toBeLessThan(BOUND_MS);
    const [unknown] = value.filter((d) => d.code === "AT_UNKNOWN_FIELD");
    expect(unknown.message.length).toBeLessThan(300);
    expect(unknown.hint?.length).toBeLessThan(300);
  });

  it("20 000 unknown keys are a few findings, with did-you-mean for those listed", () => {
    const keys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`mediaURL${i}`, i]));
    const { value, ms } = timed(() => validatePayload({ ...base, ...keys }, "text-send"));
    expect(ms).toBeLessThan(BOUND_MS);
    const unknown = value.filter((d) => d.code === "AT_UNKNOWN_FIELD");
    expect(unknown).toHaveLength(FINDINGS_PER_CODE + 1);
    expect(unknown[0].message).toContain('Did you mean "mediaUrl"?');
  });

  it.each([
    ["to", "text-send", { ...base, to: big }],
    ["mediaUrl", "text-send", { ...base, mediaUrl: big }],
    ["subscriptionType", "text-send", { ...base, subscriptionType: big }],
    ["subscriberExternalId", "text-send", { body: "Hi", subscriptionType: "MARKETING", subscriberExternalId: big }],
    ["user.email", "subscriptions", { user: { email: big }, subscriptionType: "MARKETING", signUpSourceId: "1" }],
    ["user.phone", "subscriptions", { user: { phone: big }, subscriptionType: "MARKETING", signUpSourceId: "1" }],
    [
      "locale",
      "subscriptions",
      { user: { phone: "+12125550123" }, locale: { language: big, country: big }, subscriptionType: "MARKETING" },
    ],
  ] as const)("a 1 MB %s is quoted briefly", (_field, endpoint, payload) => {
    const diagnostics = validatePayload(payload, endpoint);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(JSON.stringify(diagnostics).length).toBeLessThan(5_000);
  });

  it("custom events: a 1 MB property name and occurredAt are quoted briefly (the path still names the key)", () => {
    const payload = {
      type: "Order Shipped",
      user: { phone: "+12125550123" },
      properties: { [`${big}{`]: 1, nested: { [`${big}|`]: 1 } },
      occurredAt: big,
    };
    const diagnostics = validatePayload(payload, "custom-events", { now: 0 });
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining(["AT_EVENT_KEY_CHARS", "AT_EVENT_NESTED_KEY_CHARS", "AT_OCCURRED_AT_INVALID"]),
    );
    for (const d of diagnostics) expect(d.message.length + (d.hint?.length ?? 0)).toBeLessThan(1_000);
  });
});

describe("SMS characters of long texts", () => {
  const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
  const reference = (t: string) => [...segmenter.segment(t)].length;
  // Clusters of every kind, so window edges fall inside and between them: flags, skin tones, ZWJ families,
  // combining marks, Hangul jamo, CR LF, and runs of simple characters.
  const pieces = [
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🇫🇷",
    "🇩🇪🇫",
    "e\u0301",
    "\u0301",
    "\u1100\u1161\u11a8",
    "\r\n",
    "\r",
    "a",
    "é",
    "中",
    "\u200d",
    "©\u200d",
  ];
  const longText = fc
    .array(fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 400 })), { minLength: 1, maxLength: 40 })
    .map((runs) => runs.map(([p, n]) => p.repeat(n)).join(""));

  it("agree with Intl.Segmenter over the whole text (windows of 2048 units)", () => {
    fc.assert(
      fc.property(longText, (t) => {
        expect(smsFacts(`😀${t}`).characters).toBe(reference(`😀${t}`));
      }),
      { numRuns: 40 },
    );
  });

  it("one cluster longer than a window counts as one", () => {
    expect(smsFacts(`e${"\u0301".repeat(10_000)}😀`).characters).toBe(2);
  });
});
