/** The endpoints' payload schemas, for completion of field names and values inside the JSON body (no Node API). */
import addToCartSchema from "@zephyr/attentive/schemas/add-to-cart.schema.json" with { type: "json" };
import customAttributesSchema from "@zephyr/attentive/schemas/custom-attributes.schema.json" with { type: "json" };
import customEventsSchema from "@zephyr/attentive/schemas/custom-events.schema.json" with { type: "json" };
import productViewSchema from "@zephyr/attentive/schemas/product-view.schema.json" with { type: "json" };
import purchaseSchema from "@zephyr/attentive/schemas/purchase.schema.json" with { type: "json" };
import subscriptionsSchema from "@zephyr/attentive/schemas/subscriptions.schema.json" with { type: "json" };
import textSendSchema from "@zephyr/attentive/schemas/text-send.schema.json" with { type: "json" };
import type { SchemaNode } from "./context.js";

/** The payload schemas completion reads field names and values from, by endpoint. */
export const SCHEMAS: Readonly<Record<string, SchemaNode>> = {
  "text-send": textSendSchema as SchemaNode,
  subscriptions: subscriptionsSchema as SchemaNode,
  "custom-events": customEventsSchema as SchemaNode,
  "custom-attributes": customAttributesSchema as SchemaNode,
  "product-view": productViewSchema as SchemaNode,
  "add-to-cart": addToCartSchema as SchemaNode,
  purchase: purchaseSchema as SchemaNode,
};

/** The payload schema of an endpoint (`none` and unknown names: undefined). */
export function endpointSchema(endpoint: string): SchemaNode | undefined {
  return Object.hasOwn(SCHEMAS, endpoint) ? SCHEMAS[endpoint] : undefined;
}
