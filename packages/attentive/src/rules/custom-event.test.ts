import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const NOW = "2024-03-15T12:00:00Z";
const base = {
  type: "Order Shipped",
  properties: { orderId: "1001", "carrier's name (main)": "UPS, ground" },
  externalEventId: "37fb97a9-6cfd-4983-bd65-68d104d53b70",
  occurredAt: "2024-03-15T11:58:00Z",
  user: { phone: "+12025550143" },
};
const check = (fields: Record<string, unknown>) =>
  validatePayload({ ...base, ...fields }, "custom-events", { now: NOW });
const codes = (fields: Record<string, unknown>) => check(fields).map((d) => `${d.severity} ${d.code} ${d.path}`);

describe("custom-events", () => {
  it("accepts Attentive's own example shape, with ' ( ) and , in property keys", () => {
    expect(check({})).toEqual([]);
  });
  it("needs a type and a user (schema)", () => {
    expect(
      validatePayload({ properties: {} }, "custom-events", { now: NOW }).map((d) => `${d.code} ${d.path}`),
    ).toEqual(["AT_SCHEMA_REQUIRED /type", "AT_SCHEMA_REQUIRED /user"]);
    expect(validatePayload({ type: "Order Shipped" }, "custom-events")[0].message).toBe(
      'The payload has no "user" (the person the event is about: their phone, email or your ID for them). Add it.',
    );
  });
});

describe("AT_EVENT_TYPE_CHARS / AT_EVENT_TYPE_EMPTY", () => {
  it("rejects each of \" ' ( ) { } [ ] \\ | , in the type, naming them", () => {
    for (const c of ['"', "'", "(", ")", "{", "}", "[", "]", "\\", "|", ","]) {
      expect(codes({ type: `Order${c}Shipped` }), c).toEqual(["error AT_EVENT_TYPE_CHARS /type"]);
    }
    const [d] = check({ type: "Order (Shipped), again" });
    expect(d.message).toContain('contains "(" ")" ","');
  });
  it("accepts other punctuation", () => expect(check({ type: "Order Shipped: 2nd-day & co. #1 ✓" })).toEqual([]));
  it("rejects an empty or blank type", () => {
    expect(codes({ type: "" })).toEqual(["error AT_EVENT_TYPE_EMPTY /type"]);
    expect(codes({ type: "  " })).toEqual(["error AT_EVENT_TYPE_EMPTY /type"]);
  });
});

describe("properties", () => {
  it('AT_EVENT_KEY_CHARS: rejects " { } [ ] \\ | in a top-level key', () => {
    for (const c of ['"', "{", "}", "[", "]", "\\", "|"]) {
      expect(codes({ properties: { [`a${c}b`]: "x" } }), c).toEqual([`error AT_EVENT_KEY_CHARS /properties/a${c}b`]);
    }
  });
  it("AT_EVENT_LIST_IN_SMS: warns about a list or an object value (email journeys only)", () => {
    expect(codes({ properties: { products: [{ name: "Hoodie" }], shipment: { carrier: "UPS" }, n: 1 } })).toEqual([
      "warning AT_EVENT_LIST_IN_SMS /properties/products",
      "warning AT_EVENT_LIST_IN_SMS /properties/shipment",
    ]);
  });
  it("AT_EVENT_NESTED_KEY_CHARS: warns about the same characters in nested keys, at any depth", () => {
    const found = codes({ properties: { products: [{ "size[eu]": 42, more: { "a|b": 1 } }] } });
    expect(found).toContain("warning AT_EVENT_NESTED_KEY_CHARS /properties/products/0/size[eu]");
    expect(found).toContain("warning AT_EVENT_NESTED_KEY_CHARS /properties/products/0/more/a|b");
  });
  it("walks a deeply nested value without recursion", () => {
    let deep: unknown = { "x|y": 1 };
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(codes({ properties: { deep } })).toContain("warning AT_EVENT_LIST_IN_SMS /properties/deep");
  });
  it("AT_EVENT_TOO_MANY_KEYS: warns above 200 keys, not at 200", () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(check({ properties: keys(200) })).toEqual([]);
    expect(codes({ properties: keys(201) })).toEqual(["warning AT_EVENT_TOO_MANY_KEYS /properties"]);
  });
  it("AT_EVENT_URL_TOO_LONG: warns about a link longer than 1,024 characters", () => {
    const url = (n: number) => `https://example.com/${"a".repeat(n - 20)}`;
    expect(check({ properties: { link: url(1024) } })).toEqual([]);
    expect(codes({ properties: { link: url(1025) } })).toEqual(["warning AT_EVENT_URL_TOO_LONG /properties/link"]);
  });
  it("properties must be an object (schema)", () => {
    expect(codes({ properties: [] })).toEqual(["error AT_SCHEMA_TYPE /properties"]);
  });
});

describe("externalEventId", () => {
  it("AT_EVENT_ID_NOT_UUID: information for another ID; AT_EVENT_ID_EMPTY: a warning for an empty one", () => {
    expect(codes({ externalEventId: "order-1001" })).toEqual(["info AT_EVENT_ID_NOT_UUID /externalEventId"]);
    expect(codes({ externalEventId: "" })).toEqual(["warning AT_EVENT_ID_EMPTY /externalEventId"]);
  });
});
