import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const subscribe = (fields: Record<string, unknown>) =>
  validatePayload({ user: { phone: "+12025550143" }, signUpSourceId: "357280", ...fields }, "subscriptions");

describe("AT_SINGLE_OPT_IN", () => {
  it("is information when singleOptIn is true, nothing when false", () => {
    expect(subscribe({ singleOptIn: true })).toEqual([
      expect.objectContaining({ severity: "info", code: "AT_SINGLE_OPT_IN", path: "/singleOptIn" }),
    ]);
    expect(subscribe({ singleOptIn: false })).toEqual([]);
  });
});

describe("subscriptions: identifiers beside user", () => {
  it("warns about empty IDs and incomplete custom identifiers", () => {
    const found = subscribe({
      externalIdentifiers: { clientUserId: "u1", klaviyoId: " ", customIdentifiers: [{ name: "a", value: "" }] },
    }).map((d) => `${d.severity} ${d.code} ${d.path}`);
    expect(found).toEqual([
      "warning AT_EXTERNAL_ID_EMPTY /externalIdentifiers/klaviyoId",
      "warning AT_CUSTOM_ID_INCOMPLETE /externalIdentifiers/customIdentifiers/0",
    ]);
  });
});
