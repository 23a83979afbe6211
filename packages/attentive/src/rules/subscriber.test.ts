import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const subscribe = (fields: Record<string, unknown>) =>
  validatePayload({ signUpSourceId: "357280", ...fields }, "subscriptions");

describe("AT_USER_NO_CONTACT", () => {
  it("accepts a phone or an email", () => {
    expect(subscribe({ user: { phone: "+12125551234" } })).toEqual([]);
    expect(subscribe({ user: { email: "ann@example.com" } })).toEqual([]);
  });

  it("rejects a user with neither, or with empty ones", () => {
    expect(subscribe({ user: {} })).toEqual([
      expect.objectContaining({ severity: "error", code: "AT_USER_NO_CONTACT", path: "/user" }),
    ]);
    expect(subscribe({ user: { phone: " ", email: "" } }).map((d) => d.code)).toEqual([
      "AT_USER_NO_CONTACT",
      "AT_PHONE_NOT_E164",
      "AT_EMAIL_INVALID",
    ]);
  });

  it("leaves a missing user to the schema", () => {
    expect(subscribe({})).toEqual([
      expect.objectContaining({
        code: "AT_SCHEMA_REQUIRED",
        path: "/user",
        message: 'The payload has no "user" (the person to subscribe, with their phone or email). Add it.',
      }),
    ]);
  });
});

describe("AT_EMAIL_INVALID", () => {
  it("warns about something that is not an email address", () => {
    expect(subscribe({ user: { phone: "+12125551234", email: "ann.example.com" } })).toEqual([
      expect.objectContaining({ severity: "warning", code: "AT_EMAIL_INVALID", path: "/user/email" }),
    ]);
  });
});

describe("AT_EXTERNAL_IDS_INSIDE_USER", () => {
  it("accepts externalIdentifiers beside user", () => {
    expect(subscribe({ user: { phone: "+12125551234" }, externalIdentifiers: { clientUserId: "u1" } })).toEqual([]);
  });

  it("rejects them inside user", () => {
    expect(subscribe({ user: { phone: "+12125551234", externalIdentifiers: { clientUserId: "u1" } } })).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_EXTERNAL_IDS_INSIDE_USER",
        path: "/user/externalIdentifiers",
      }),
    ]);
  });
});
