import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const base = { subscriptionType: "MARKETING", body: "Your order shipped.", useShortLinks: false, skipFatigue: false };
const check = (fields: Record<string, unknown>) => validatePayload({ ...base, ...fields }, "text-send");

describe("AT_RECIPIENT_CONFLICT / AT_RECIPIENT_MISSING", () => {
  it("accepts exactly one of to and subscriberExternalId (null counts as absent)", () => {
    expect(check({ to: "+12125551234" })).toEqual([]);
    expect(check({ subscriberExternalId: 123456 })).toEqual([]);
    expect(check({ to: null, subscriberExternalId: 123456 })).toEqual([]);
  });

  it("rejects both", () => {
    expect(check({ to: "+12125551234", subscriberExternalId: 123456 })).toEqual([
      expect.objectContaining({ severity: "error", code: "AT_RECIPIENT_CONFLICT", path: "/subscriberExternalId" }),
    ]);
  });

  it("rejects neither, pointing at the missing to", () => {
    expect(check({})).toEqual([
      expect.objectContaining({ severity: "error", code: "AT_RECIPIENT_MISSING", path: "/to" }),
    ]);
    expect(check({ to: null }).map((d) => d.code)).toEqual(["AT_RECIPIENT_MISSING"]);
  });
});

describe("AT_SUBSCRIBER_ID_NOT_INTEGER", () => {
  it("rejects a number in quotes, with a hint, instead of a schema type error", () => {
    expect(check({ subscriberExternalId: "123456" })).toEqual([
      expect.objectContaining({ code: "AT_SUBSCRIBER_ID_NOT_INTEGER", hint: "Write 123456 without quotes." }),
    ]);
  });

  it("rejects fractions and non-numeric IDs", () => {
    expect(check({ subscriberExternalId: 12.5 }).map((d) => d.code)).toEqual(["AT_SUBSCRIBER_ID_NOT_INTEGER"]);
    expect(check({ subscriberExternalId: "abc123" })[0].message).toContain('the text "abc123"');
  });

  it("rejects a whole number beyond the spec's int64, and accepts the int64 extremes", () => {
    expect(check({ subscriberExternalId: 2 ** 64 })).toEqual([
      expect.objectContaining({ code: "AT_SUBSCRIBER_ID_NOT_INTEGER", message: expect.stringContaining("too large") }),
    ]);
    expect(
      validatePayload(
        `{"subscriberExternalId": 9223372036854775807, "subscriptionType": "MARKETING", "body": "Hi", "useShortLinks": false, "skipFatigue": false}`,
        "text-send",
      ),
    ).toEqual([]);
    expect(check({ subscriberExternalId: -(2 ** 63) })).toEqual([]);
  });
});
