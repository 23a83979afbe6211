import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const send = (subscriptionType: unknown) =>
  validatePayload(
    { to: "+12125551234", body: "Hi", useShortLinks: false, skipFatigue: false, subscriptionType },
    "text-send",
  );
const subscribe = (subscriptionType: unknown) =>
  validatePayload(
    { user: { email: "ann@example.com" }, locale: { language: "en", country: "US" }, subscriptionType },
    "subscriptions",
  );

describe("AT_SUBSCRIPTION_TYPE_INVALID", () => {
  it("accepts MARKETING and TRANSACTIONAL on both endpoints", () => {
    expect(send("MARKETING")).toEqual([]);
    expect(send("TRANSACTIONAL")).toEqual([]);
    expect(subscribe("TRANSACTIONAL")).toEqual([]);
  });

  it("rejects other values, suggesting capitals for a lowercase one, instead of a schema enum error", () => {
    expect(send("marketing")).toEqual([
      expect.objectContaining({
        code: "AT_SUBSCRIPTION_TYPE_INVALID",
        path: "/subscriptionType",
        hint: "Write MARKETING, in capitals.",
      }),
    ]);
    expect(subscribe("PROMO")).toEqual([
      expect.objectContaining({ code: "AT_SUBSCRIPTION_TYPE_INVALID", hint: expect.stringContaining("Use MARKETING") }),
    ]);
  });

  it("leaves a missing type (text-send) to the schema", () => {
    expect(send(undefined).map((d) => d.code)).toEqual(["AT_SCHEMA_REQUIRED"]);
  });
});

describe("a subscriptionType that is not text", () => {
  it("is one schema type error, not also an enum error", () => {
    expect(send(5)).toEqual([
      expect.objectContaining({
        code: "AT_SCHEMA_TYPE",
        message: '"subscriptionType" must be text in double quotes, but it is the number 5.',
      }),
    ]);
  });
});
