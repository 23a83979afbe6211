import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const base = { subscriptionType: "MARKETING", body: "Your order shipped.", useShortLinks: false, skipFatigue: false };
const sendTo = (to: unknown) => validatePayload({ ...base, to }, "text-send");
const subscribe = (phone: string) => validatePayload({ user: { phone }, signUpSourceId: "357280" }, "subscriptions");

describe("AT_TO_NOT_E164", () => {
  it("accepts E.164 numbers, including Attentive's own examples", () => {
    for (const to of ["+19148440001", "+442071838750", "+551155256325"]) expect(sendTo(to)).toEqual([]);
  });

  it("rejects other formats and suggests the E.164 form when it can", () => {
    expect(sendTo("+1---914---844---0001")).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_TO_NOT_E164",
        path: "/to",
        hint: "Write it as +19148440001.",
      }),
    ]);
    expect(sendTo("1 () 914 844 0001")[0].hint).toBe("Write it as +19148440001.");
    expect(sendTo("19148440001")[0].hint).toBe("Write it as +19148440001.");
    expect(sendTo("0044 20 7183 8750")[0].hint).toBe("Write it as +442071838750.");
    expect(sendTo("call me")[0].hint).toMatch(/Start it with \+/);
  });

  it("says so when the number is empty", () => {
    expect(sendTo("")[0]).toMatchObject({ code: "AT_TO_NOT_E164", message: expect.stringContaining("is empty") });
  });

  it("leaves a number that is not text to the schema", () => {
    expect(sendTo(12125551234).map((d) => d.code)).toEqual(["AT_SCHEMA_TYPE"]);
  });
});

describe("AT_TO_INVALID_NUMBER", () => {
  it("warns about a well-formed number that no country uses", () => {
    expect(sendTo("+13115552368")).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "AT_TO_INVALID_NUMBER",
        message: expect.stringContaining("+1"),
      }),
    ]);
    expect(sendTo("+3312345678")[0].message).toContain("in France");
    expect(sendTo("+4420718")[0].message).toContain("for the country code +44");
    expect(sendTo("+999123456")[0].message).toContain("country code is not recognised");
  });
});

describe("AT_PHONE_NOT_E164 / AT_PHONE_INVALID_NUMBER (subscriptions)", () => {
  it("checks user.phone the same way", () => {
    expect(subscribe("+19148440001")).toEqual([]);
    expect(subscribe("19148440001")).toEqual([
      expect.objectContaining({ code: "AT_PHONE_NOT_E164", path: "/user/phone", hint: "Write it as +19148440001." }),
    ]);
    expect(subscribe("+13115552368")).toEqual([
      expect.objectContaining({ severity: "warning", code: "AT_PHONE_INVALID_NUMBER", path: "/user/phone" }),
    ]);
  });
});
