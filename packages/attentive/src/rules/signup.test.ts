import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const subscribe = (fields: Record<string, unknown>) =>
  validatePayload({ user: { phone: "+12125551234" }, ...fields }, "subscriptions");
const en_US = { language: "en", country: "US" };

describe("AT_SIGNUP_SOURCE_MISSING", () => {
  it("accepts signUpSourceId, or locale with subscriptionType", () => {
    expect(subscribe({ signUpSourceId: "357280" })).toEqual([]);
    expect(subscribe({ locale: en_US, subscriptionType: "MARKETING" })).toEqual([]);
  });

  it("points at what is missing", () => {
    const paths = (fields: Record<string, unknown>) => subscribe(fields).map((d) => `${d.code} ${d.path}`);
    expect(paths({})).toEqual(["AT_SIGNUP_SOURCE_MISSING /signUpSourceId"]);
    expect(paths({ signUpSourceId: "" })).toEqual(["AT_SIGNUP_SOURCE_MISSING /signUpSourceId"]);
    expect(paths({ signUpSourceId: "  " })).toEqual(["AT_SIGNUP_SOURCE_MISSING /signUpSourceId"]);
    expect(paths({ locale: en_US })).toEqual(["AT_SIGNUP_SOURCE_MISSING /subscriptionType"]);
    expect(paths({ subscriptionType: "MARKETING" })).toEqual(["AT_SIGNUP_SOURCE_MISSING /locale"]);
  });

  it("wants signUpSourceId as text, with a hint, from the schema", () => {
    expect(subscribe({ signUpSourceId: 357280 })).toEqual([
      expect.objectContaining({ code: "AT_SCHEMA_TYPE", hint: 'Put the value in double quotes: "357280".' }),
    ]);
  });
});

describe("AT_LOCALE_STRING", () => {
  it("rejects a locale string and shows the object to write, instead of a schema type error", () => {
    expect(subscribe({ locale: "en-US", subscriptionType: "MARKETING" })).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_LOCALE_STRING",
        path: "/locale",
        hint: 'Write "locale": {"language": "en", "country": "US"}.',
      }),
    ]);
    expect(subscribe({ locale: "English", subscriptionType: "MARKETING" })[0].hint).toContain(
      '{"language": "en", "country": "US"}',
    );
  });
});

describe("AT_LOCALE_CODE", () => {
  it("rejects codes in the wrong case or missing ones", () => {
    expect(
      subscribe({ locale: { language: "EN", country: "us" }, subscriptionType: "MARKETING" }).map((d) => d.path),
    ).toEqual(["/locale/language", "/locale/country"]);
    expect(subscribe({ locale: { language: "en" }, subscriptionType: "MARKETING" })).toEqual([
      expect.objectContaining({
        code: "AT_LOCALE_CODE",
        path: "/locale/country",
        message: '"locale" has no "country".',
      }),
    ]);
  });
});
