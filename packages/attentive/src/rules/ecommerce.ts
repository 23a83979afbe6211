/** eCommerce events (product view, add to cart, purchase): the products, their prices, and the sales channel. */
import { childPointer, describeValue, type Finding, isObject, type Rule } from "../finding.js";
import { filled } from "./identifiers.js";
import { isWebUrl } from "./links.js";

const PRICE_EXAMPLE = '"price": [{"value": 19.99, "currency": "USD"}]';

/** `items` is not empty (warning: the schema allows it, but the event then carries no product). */
export const itemsNotEmpty: Rule = (payload) =>
  Array.isArray(payload.items) && payload.items.length === 0
    ? [
        {
          severity: "warning",
          code: "AT_ECOM_NO_ITEMS",
          path: "/items",
          message: '"items" is an empty list, so the event carries no product.',
          hint: "Check the list the template loops over; an event is usually about at least one product.",
        },
      ]
    : [];

/**
 * Each product: its IDs are not empty (error), its `price` is a non-empty list of `{value: number, currency?}`
 * (error), its currency an ISO 4217 code (warning), its links are web addresses (warning). Missing fields and wrong
 * types elsewhere are schema errors.
 */
export const products: Rule = (payload) => {
  const items = payload.items;
  if (!Array.isArray(items)) return [];
  const findings: Finding[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) continue;
    const at = childPointer("/items", i);
    for (const key of ["productId", "productVariantId"]) {
      const id = item[key];
      if (typeof id === "string" && !filled(id)) {
        findings.push({
          severity: "error",
          code: "AT_ECOM_PRODUCT_ID_EMPTY",
          path: childPointer(at, key),
          message: `"${key}" of product ${i + 1} is empty, so Attentive cannot tell which product it is.`,
          hint: "Check the catalog field that fills it (Google feed: item_group_id and id; Shopify: product and variant IDs).",
        });
      }
    }
    price(item.price, childPointer(at, "price"), findings);
    for (const key of ["productUrl", "productImage"]) {
      const url = item[key];
      if (typeof url === "string" && !isWebUrl(url)) {
        findings.push({
          severity: "warning",
          code: "AT_ECOM_URL_INVALID",
          path: childPointer(at, key),
          message: `"${key}" of product ${i + 1} is not a full web address: ${describeValue(url)}.`,
          hint: "Use the full address, starting with https://.",
        });
      }
    }
  }
  return findings;
};

function price(value: unknown, at: string, findings: Finding[]): void {
  if (value === undefined) return; // missing: the schema's "required"
  const shape = (path: string, message: string, hint = `Write it like ${PRICE_EXAMPLE}.`) =>
    findings.push({ severity: "error", code: "AT_ECOM_PRICE_SHAPE", path, message, hint });
  if (!Array.isArray(value)) {
    shape(
      at,
      `"price" must be a list of prices, but it is ${describeValue(value)}.`,
      isObject(value)
        ? "Put the price object in a list: [ … ]."
        : typeof value === "number"
          ? `Write "price": [{"value": ${value}, "currency": "USD"}].`
          : undefined,
    );
    return;
  }
  if (value.length === 0) {
    shape(at, '"price" is an empty list; Attentive needs at least one price.');
    return;
  }
  for (let j = 0; j < value.length; j++) {
    const entry = value[j];
    const entryAt = childPointer(at, j);
    if (!isObject(entry)) {
      shape(entryAt, `Each price must be an object with a "value", but this one is ${describeValue(entry)}.`);
      continue;
    }
    const amount = entry.value;
    if (amount === undefined) {
      shape(childPointer(entryAt, "value"), 'A price has no "value".');
    } else if (typeof amount !== "number") {
      const numeric = typeof amount === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(amount);
      shape(
        childPointer(entryAt, "value"),
        `The price "value" must be a number, but it is ${describeValue(amount)}.`,
        numeric ? `Write ${amount.trim()} without quotes.` : "Write the price as a number, like 19.99.",
      );
    }
    const currency = entry.currency;
    if (typeof currency === "string" && !/^[A-Z]{3}$/.test(currency)) {
      const upper = currency.trim().toUpperCase();
      findings.push({
        severity: "warning",
        code: "AT_ECOM_CURRENCY",
        path: childPointer(entryAt, "currency"),
        message: `"currency" should be a three-letter ISO 4217 code like USD, but it is ${describeValue(currency)}.`,
        hint: /^[A-Z]{3}$/.test(upper)
          ? `Write "${upper}".`
          : 'Write a code like "USD" or "EUR", or leave "currency" out for USD.',
      });
    }
  }
}

/** purchase: `salesChannel.channelType` is `""` (allowed by the spec's list, but it says nothing). */
export const salesChannel: Rule = (payload) =>
  isObject(payload.salesChannel) && payload.salesChannel.channelType === ""
    ? [
        {
          severity: "info",
          code: "AT_ECOM_CHANNEL_EMPTY",
          path: "/salesChannel/channelType",
          message: '"channelType" is empty: Attentive accepts it, but it tells nothing about where the sale happened.',
          hint: "Use WEB, IOS_APP, ANDROID_APP, IN_STORE, PHONE or OTHER, or leave salesChannel out.",
        },
      ]
    : [];
