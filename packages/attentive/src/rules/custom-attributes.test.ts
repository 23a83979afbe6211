import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const attributes = (properties: unknown, user: unknown = { email: "ann@example.com" }) =>
  validatePayload({ properties, user }, "custom-attributes");
const codes = (properties: unknown) => attributes(properties).map((d) => `${d.severity} ${d.code} ${d.path}`);

describe("custom-attributes", () => {
  it("accepts Attentive's example values (all text) and numbers or booleans", () => {
    expect(
      attributes({ "Favorite color": "blue", Age: "24", Spend: 50.89, VIP: true, "Signed up": "2021-04-23T16:04:33Z" }),
    ).toEqual([]);
  });
  it("AT_ATTRIBUTE_LIST: rejects a list value (Attentive answers 400)", () => {
    expect(attributes({ Cities: ["chicago", "new york"] })).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_ATTRIBUTE_LIST",
        path: "/properties/Cities",
        hint: expect.stringContaining('"chicago, new york"'),
      }),
    ]);
    expect(attributes({ City: ["chicago"] })[0].hint).toBe("Send the one value without the brackets.");
  });
  it("AT_ATTRIBUTE_NAME_TOO_LONG: names of more than 200 characters (code points)", () => {
    expect(attributes({ ["a".repeat(200)]: "x" })).toEqual([]);
    expect(attributes({ ["😀".repeat(200)]: "x" })).toEqual([]);
    expect(codes({ ["a".repeat(201)]: "x" })).toEqual([
      `error AT_ATTRIBUTE_NAME_TOO_LONG /properties/${"a".repeat(201)}`,
    ]);
  });
  it("warns about an object, null, an empty name and an empty properties object", () => {
    expect(codes({ Address: { city: "Paris" }, Nickname: null, "": "x" }).sort()).toEqual([
      "warning AT_ATTRIBUTE_NAME_EMPTY /properties/",
      "warning AT_ATTRIBUTE_NULL /properties/Nickname",
      "warning AT_ATTRIBUTE_OBJECT /properties/Address",
    ]);
    expect(codes({})).toEqual(["warning AT_ATTRIBUTES_EMPTY /properties"]);
  });
  it("needs properties and a user (schema)", () => {
    expect(validatePayload({}, "custom-attributes").map((d) => `${d.code} ${d.path}`)).toEqual([
      "AT_SCHEMA_REQUIRED /properties",
      "AT_SCHEMA_REQUIRED /user",
    ]);
  });
});
