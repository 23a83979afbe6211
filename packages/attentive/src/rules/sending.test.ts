import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const base = { to: "+12125551234", body: "Your code is 1234", useShortLinks: false };
const check = (fields: Record<string, unknown>) => validatePayload({ ...base, ...fields }, "text-send");

describe("AT_TRANSACTIONAL_ONLY", () => {
  it("accepts forceSend and addSubscriber on TRANSACTIONAL messages", () => {
    expect(
      check({ subscriptionType: "TRANSACTIONAL", skipFatigue: false, forceSend: true, addSubscriber: true }),
    ).toEqual([]);
  });

  it("warns that they do nothing on MARKETING messages", () => {
    expect(check({ subscriptionType: "MARKETING", skipFatigue: false, forceSend: true, addSubscriber: true })).toEqual([
      expect.objectContaining({ severity: "warning", code: "AT_TRANSACTIONAL_ONLY", path: "/forceSend" }),
      expect.objectContaining({ severity: "warning", code: "AT_TRANSACTIONAL_ONLY", path: "/addSubscriber" }),
    ]);
  });

  it("accepts them set to false", () => {
    expect(check({ subscriptionType: "MARKETING", skipFatigue: false, forceSend: false })).toEqual([]);
  });
});

describe("AT_SKIP_FATIGUE_DEFAULT", () => {
  it("tells that a missing skipFatigue means fatigue rules are bypassed", () => {
    expect(check({ subscriptionType: "MARKETING" })).toEqual([
      expect.objectContaining({ severity: "info", code: "AT_SKIP_FATIGUE_DEFAULT", path: "/skipFatigue" }),
    ]);
  });

  it("is quiet when skipFatigue is given", () =>
    expect(check({ subscriptionType: "MARKETING", skipFatigue: true })).toEqual([]));
});
