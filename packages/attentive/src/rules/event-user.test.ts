import { describe, expect, it } from "vitest";
import type { EndpointName } from "../endpoints.js";
import { validatePayload } from "../validate.js";

const bodies: Record<string, Record<string, unknown>> = {
  "custom-events": { type: "Order Shipped" },
  "custom-attributes": { properties: { "Favorite color": "blue" } },
  "product-view": { items: [{ productId: "A", productVariantId: "B", price: [{ value: 1 }] }] },
  "add-to-cart": { items: [{ productId: "A", productVariantId: "B", price: [{ value: 1 }] }] },
  purchase: { items: [{ productId: "A", productVariantId: "B", price: [{ value: 1 }] }] },
};
const codes = (endpoint: string, fields: Record<string, unknown>) =>
  validatePayload({ ...bodies[endpoint], ...fields }, endpoint as EndpointName).map(
    (d) => `${d.severity} ${d.code} ${d.path}`,
  );

describe.each(Object.keys(bodies))("the user of %s", (endpoint) => {
  it("accepts a phone, an email or a client user ID", () => {
    expect(codes(endpoint, { user: { phone: "+12025550143" } })).toEqual([]);
    expect(codes(endpoint, { user: { email: "ann@example.com" } })).toEqual([]);
    expect(
      codes(endpoint, { user: { email: "ann@example.com", externalIdentifiers: { clientUserId: "u1" } } }),
    ).toEqual([]);
  });

  it("AT_USER_NO_IDENTIFIER: rejects a user with nothing usable", () => {
    for (const user of [
      {},
      { externalIdentifiers: {} },
      { externalIdentifiers: { customIdentifiers: [] } },
      { email: " " },
    ]) {
      expect(codes(endpoint, { user }), JSON.stringify(user)).toContain("error AT_USER_NO_IDENTIFIER /user");
    }
    expect(codes(endpoint, {})).toEqual(["error AT_SCHEMA_REQUIRED /user"]);
  });

  it("AT_USER_EXTERNAL_ID_ONLY: information when only external identifiers name the person", () => {
    expect(codes(endpoint, { user: { externalIdentifiers: { clientUserId: "u1" } } })).toEqual([
      "info AT_USER_EXTERNAL_ID_ONLY /user/externalIdentifiers",
    ]);
    expect(
      codes(endpoint, { user: { externalIdentifiers: { customIdentifiers: [{ name: "loyaltyId", value: "7" }] } } }),
    ).toEqual(["info AT_USER_EXTERNAL_ID_ONLY /user/externalIdentifiers"]);
  });

  it("checks the phone (E.164) and the email as subscriptions does", () => {
    expect(codes(endpoint, { user: { phone: "(202) 555-0143" } })).toEqual(["error AT_PHONE_NOT_E164 /user/phone"]);
    expect(codes(endpoint, { user: { phone: "+12025550143", email: "ann" } })).toEqual([
      "warning AT_EMAIL_INVALID /user/email",
    ]);
  });

  it("AT_FIELD_NOT_ALLOWED: the user object is closed, with a did-you-mean", () => {
    const found = validatePayload(
      { ...bodies[endpoint], user: { email: "ann@example.com", phon: "+1" } },
      endpoint as EndpointName,
    );
    expect(found).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_FIELD_NOT_ALLOWED",
        path: "/user/phon",
        hint: 'Rename "phon" to "phone".',
      }),
    ]);
  });

  it("AT_EXTERNAL_IDS_OUTSIDE_USER: externalIdentifiers at the top level", () => {
    expect(
      codes(endpoint, { user: { email: "ann@example.com" }, externalIdentifiers: { clientUserId: "u1" } }),
    ).toEqual(["error AT_EXTERNAL_IDS_OUTSIDE_USER /externalIdentifiers"]);
  });

  it("AT_EXTERNAL_ID_EMPTY, AT_CUSTOM_ID_INCOMPLETE and unknown identifier keys are warnings", () => {
    const user = {
      email: "ann@example.com",
      externalIdentifiers: { clientUserId: "", shopifyId: "1", customIdentifiers: [{ name: "loyaltyId" }] },
    };
    expect(codes(endpoint, { user }).sort()).toEqual([
      "warning AT_CUSTOM_ID_INCOMPLETE /user/externalIdentifiers/customIdentifiers/0",
      "warning AT_EXTERNAL_ID_EMPTY /user/externalIdentifiers/clientUserId",
      "warning AT_UNKNOWN_FIELD /user/externalIdentifiers/shopifyId",
    ]);
  });
});
