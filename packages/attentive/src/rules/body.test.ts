import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const body = (text: unknown) =>
  validatePayload(
    { to: "+12125551234", subscriptionType: "MARKETING", useShortLinks: false, skipFatigue: false, body: text },
    "text-send",
  );

describe("AT_BODY_EMPTY", () => {
  it("accepts a text", () => expect(body("Your order shipped.")).toEqual([]));

  it("rejects an empty or blank text", () => {
    expect(body("")).toEqual([expect.objectContaining({ severity: "error", code: "AT_BODY_EMPTY", path: "/body" })]);
    expect(body("  \n ").map((d) => d.code)).toEqual(["AT_BODY_EMPTY"]);
  });
});

describe("AT_BODY_BRACES", () => {
  it("rejects each leftover tag or brace, since Attentive silently drops the message", () => {
    const found = body("Hi {{first_name}}, 20% off } today {x");
    expect(found.map((d) => [d.code, d.severity])).toEqual([
      ["AT_BODY_BRACES", "error"],
      ["AT_BODY_BRACES", "error"],
      ["AT_BODY_BRACES", "error"],
    ]);
    expect(found[0].message).toContain('"{{first_name}}"');
    expect(found[1].message).toContain('"}"');
  });

  it("accepts other brackets", () => expect(body("Hi (Ann) [VIP] <3")).toEqual([]));
});

describe("AT_BODY_NOT_GSM", () => {
  it("says which characters force UCS-2 and how to replace them", () => {
    expect(body("It’s “on” 😀\u00a0now")).toEqual([
      expect.objectContaining({
        severity: "info",
        code: "AT_BODY_NOT_GSM",
        message: expect.stringContaining("uses ’ “ ” 😀 U+00A0,"),
        hint: 'To keep 160 characters per SMS, replace ’ with "\'", “ with "\\"", ” with "\\"", U+00A0 with " ".',
      }),
    ]);
  });

  it("has no hint when nothing can be replaced, and lists at most five characters", () => {
    const [info] = body("日本語のテキストです");
    expect(info.hint).toBeUndefined();
    expect(info.message).toContain("and 5 more");
  });

  it("accepts GSM-7 text, extension characters included", () => expect(body("Price: €5 ^_^ [50% off]")).toEqual([]));
});
