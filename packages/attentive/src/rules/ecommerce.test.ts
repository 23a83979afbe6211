import { describe, expect, it } from "vitest";
import { ENDPOINT_NAMES, type EndpointName } from "../endpoints.js";
import { validatePayload } from "../validate.js";

const product = {
  productId: "AB12345",
  productVariantId: "CD12345",
  productImage: "https://cdn.example.com/ab12345.jpg",
  productUrl: "https://shop.example.com/p/ab12345",
  name: "Linden Fleece Hoodie",
  price: [{ value: 19.99, currency: "USD" }],
  quantity: 1,
};
const send = (endpoint: EndpointName, fields: Record<string, unknown>) =>
  validatePayload({ items: [product], user: { phone: "+12025550143" }, ...fields }, endpoint, {
    now: "2024-03-15T12:00:00Z",
  });
const codes = (fields: Record<string, unknown>, endpoint: EndpointName = "purchase") =>
  send(endpoint, fields).map((d) => `${d.severity} ${d.code} ${d.path}`);
const withPrice = (price: unknown) => ({ items: [{ ...product, price }] });

describe("eCommerce events", () => {
  const ecommerce = ENDPOINT_NAMES.filter((e) => ["product-view", "add-to-cart", "purchase"].includes(e));
  it("accept a product event on each of the three endpoints", () => {
    expect(ecommerce).toHaveLength(3);
    for (const endpoint of ecommerce) expect(send(endpoint, {}), endpoint).toEqual([]);
  });
  it("purchase has orderId and salesChannel; the other two do not know them", () => {
    const fields = { orderId: "1001", salesChannel: { channelType: "WEB" } };
    expect(send("purchase", fields)).toEqual([]);
    expect(codes(fields, "add-to-cart")).toEqual([
      "warning AT_UNKNOWN_FIELD /orderId",
      "warning AT_UNKNOWN_FIELD /salesChannel",
    ]);
  });
  it("need items and a user, and each product its IDs and price (schema)", () => {
    expect(validatePayload({}, "add-to-cart").map((d) => d.path)).toEqual(["/items", "/user"]);
    expect(codes({ items: [{ name: "x" }] })).toEqual([
      "error AT_SCHEMA_REQUIRED /items/0/productId",
      "error AT_SCHEMA_REQUIRED /items/0/productVariantId",
      "error AT_SCHEMA_REQUIRED /items/0/price",
    ]);
  });
});

describe("AT_ECOM_PRICE_SHAPE", () => {
  it("rejects a price object, number or empty list, with the list to write", () => {
    expect(send("purchase", withPrice({ value: 19.99, currency: "USD" }))).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_ECOM_PRICE_SHAPE",
        path: "/items/0/price",
        hint: "Put the price object in a list: [ … ].",
      }),
    ]);
    expect(send("purchase", withPrice(19.99))[0].hint).toBe('Write "price": [{"value": 19.99, "currency": "USD"}].');
    expect(codes(withPrice([]))).toEqual(["error AT_ECOM_PRICE_SHAPE /items/0/price"]);
  });
  it("rejects a value that is text, missing, or an entry that is not an object", () => {
    expect(send("purchase", withPrice([{ value: "19.99" }]))).toEqual([
      expect.objectContaining({
        code: "AT_ECOM_PRICE_SHAPE",
        path: "/items/0/price/0/value",
        hint: "Write 19.99 without quotes.",
      }),
    ]);
    expect(codes(withPrice([{ currency: "USD" }, 5]))).toEqual([
      "error AT_ECOM_PRICE_SHAPE /items/0/price/0/value",
      "error AT_ECOM_PRICE_SHAPE /items/0/price/1",
    ]);
  });
});

describe("other eCommerce rules", () => {
  it("AT_ECOM_CURRENCY: warns about a currency that is not an ISO 4217 code, suggesting capitals", () => {
    expect(send("purchase", withPrice([{ value: 5, currency: "usd" }]))).toEqual([
      expect.objectContaining({ severity: "warning", code: "AT_ECOM_CURRENCY", hint: 'Write "USD".' }),
    ]);
    expect(codes(withPrice([{ value: 5, currency: "$" }]))).toEqual([
      "warning AT_ECOM_CURRENCY /items/0/price/0/currency",
    ]);
    expect(send("purchase", withPrice([{ value: 5 }]))).toEqual([]);
  });
  it("AT_ECOM_NO_ITEMS: warns about an empty items list", () => {
    expect(codes({ items: [] }, "product-view")).toEqual(["warning AT_ECOM_NO_ITEMS /items"]);
  });
  it("AT_ECOM_PRODUCT_ID_EMPTY: rejects an empty product or variant ID", () => {
    expect(codes({ items: [{ ...product, productId: "", productVariantId: " " }] })).toEqual([
      "error AT_ECOM_PRODUCT_ID_EMPTY /items/0/productId",
      "error AT_ECOM_PRODUCT_ID_EMPTY /items/0/productVariantId",
    ]);
  });
  it("AT_ECOM_URL_INVALID: warns about a product link or image that is not a web address", () => {
    expect(codes({ items: [{ ...product, productUrl: "/p/ab12345", productImage: "" }] })).toEqual([
      "warning AT_ECOM_URL_INVALID /items/0/productUrl",
      "warning AT_ECOM_URL_INVALID /items/0/productImage",
    ]);
  });
  it("AT_ECOM_CHANNEL_EMPTY: information for an empty channelType; another value is the schema's error", () => {
    expect(codes({ salesChannel: { channelType: "" } })).toEqual([
      "info AT_ECOM_CHANNEL_EMPTY /salesChannel/channelType",
    ]);
    expect(codes({ salesChannel: { channelType: "web" } })).toEqual(["error AT_SCHEMA_ENUM /salesChannel/channelType"]);
  });
  it("quantity is a whole number (schema)", () => {
    expect(codes({ items: [{ ...product, quantity: "2" }] })).toEqual(["error AT_SCHEMA_TYPE /items/0/quantity"]);
  });
});
