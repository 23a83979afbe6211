import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const base = { to: "+12125551234", subscriptionType: "MARKETING", body: "Hi", skipFatigue: false };
const check = (fields: Record<string, unknown>) => validatePayload({ ...base, ...fields }, "text-send");

describe("AT_SHORT_LINKS_MISSING", () => {
  it("warns when useShortLinks is absent", () => {
    expect(check({})).toEqual([expect.objectContaining({ severity: "warning", code: "AT_SHORT_LINKS_MISSING" })]);
  });
  it("accepts an explicit false", () => expect(check({ useShortLinks: false })).toEqual([]));
});

describe("AT_SHORT_LINKS_NEED_NAME", () => {
  it("accepts useShortLinks with a messageName", () => {
    expect(check({ useShortLinks: true, messageName: "spring-sale" })).toEqual([]);
  });

  it("rejects useShortLinks without a messageName, pointing at useShortLinks", () => {
    expect(check({ useShortLinks: true })).toEqual([
      expect.objectContaining({ severity: "error", code: "AT_SHORT_LINKS_NEED_NAME", path: "/useShortLinks" }),
    ]);
  });

  it("rejects an empty messageName, instead of the schema's empty-value error", () => {
    expect(check({ useShortLinks: true, messageName: " " })).toEqual([
      expect.objectContaining({ code: "AT_SHORT_LINKS_NEED_NAME", path: "/messageName" }),
    ]);
    expect(check({ useShortLinks: true, messageName: "" }).map((d) => d.code)).toEqual(["AT_SHORT_LINKS_NEED_NAME"]);
  });

  it("leaves an empty messageName without short links to the schema", () => {
    expect(check({ useShortLinks: false, messageName: "" })).toEqual([
      expect.objectContaining({
        code: "AT_SCHEMA_MIN_LENGTH",
        message: '"messageName" is empty. Give it a value or remove it.',
      }),
    ]);
  });
});

describe("AT_MEDIA_URL_INVALID", () => {
  it("accepts an absolute http(s) address", () => {
    expect(check({ useShortLinks: false, mediaUrl: "https://cdn.example.com/a.jpg" })).toEqual([]);
    expect(check({ useShortLinks: false, mediaUrl: "http://cdn.example.com/a%20b.jpg" })).toEqual([]);
  });

  it("rejects an empty value, a relative address and other protocols", () => {
    for (const mediaUrl of [
      "",
      "cdn.example.com/a.jpg",
      "ftp://cdn.example.com/a.jpg",
      "https://",
      " https://x.com/a.jpg",
    ]) {
      expect(check({ useShortLinks: false, mediaUrl })).toEqual([
        expect.objectContaining({ severity: "error", code: "AT_MEDIA_URL_INVALID", path: "/mediaUrl" }),
      ]);
    }
    expect(check({ useShortLinks: false, mediaUrl: "" })[0].message).toContain("is empty");
  });
});
