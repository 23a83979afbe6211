/** The new endpoints end to end: a real template rendered, checked against the render clock, pointed at the template. */
import { compile } from "@zephyr/zephyr";
import { describe, expect, it } from "vitest";
import { ENDPOINT_NAMES, ENDPOINTS, isEndpointName } from "./endpoints.js";
import { renderPayload, validatePayloadText } from "./render-payload.js";
import { validatePayload } from "./validate.js";

describe("ENDPOINT_NAMES", () => {
  it("lists every endpoint once, in the order of ENDPOINTS, each with its Attentive path", () => {
    expect(ENDPOINT_NAMES).toEqual(Object.keys(ENDPOINTS));
    expect(Object.values(ENDPOINTS).map((e) => new URL(e.url).pathname)).toEqual([
      "/v1/text/send",
      "/v1/subscriptions",
      "/v1/events/custom",
      "/v1/attributes/custom",
      "/v1/events/ecommerce/product-view",
      "/v1/events/ecommerce/add-to-cart",
      "/v1/events/ecommerce/purchase",
    ]);
    expect(isEndpointName("purchase")).toBe(true);
    expect(isEndpointName("none")).toBe(false);
    expect(isEndpointName("toString")).toBe(false);
  });
});

const EVENT = `{occurred = date("yyyy-MM-dd'T'HH:mm:ss'Z'", time("now") - 3600 * hours_ago)}{
  "type": "{event_type}",
  "occurredAt": "{occurred}",
  "user": { "phone": "{profile.keys.sms}" }
}`;

describe("renderPayload with the event endpoints", () => {
  const t = compile(EVENT, { filename: "event.zephyr" });
  const profile = { keys: { sms: "+12025550143" } };
  const render = (data: Record<string, unknown>, now = "2024-03-15T12:00:00Z") =>
    renderPayload(t, { profile, data }, { endpoint: "custom-events", now });

  it("checks occurredAt against the render clock it was given", () => {
    const fresh = render({ event_type: "Order Shipped", hours_ago: 1 });
    expect([fresh.ok, fresh.diagnostics, fresh.payload]).toEqual([
      true,
      [],
      { type: "Order Shipped", occurredAt: "2024-03-15T11:00:00Z", user: { phone: "+12025550143" } },
    ]);
    const stale = render({ event_type: "Order Shipped", hours_ago: 13 });
    expect(stale.diagnostics).toEqual([
      expect.objectContaining({
        code: "AT_OCCURRED_AT_STALE",
        file: "event.zephyr",
        span: expect.objectContaining({ line: 3 }),
      }),
    ]);
    expect(stale.ok).toBe(true);
  });

  it("points a forbidden character in the type at the tag that printed it", () => {
    const r = render({ event_type: "Order (Shipped)", hours_ago: 0 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "AT_EVENT_TYPE_CHARS", span: expect.objectContaining({ line: 2, column: 12 }) }),
    ]);
  });

  it("gives SMS facts for text-send only", () => {
    expect(render({ event_type: "Order Shipped", hours_ago: 0 }).sms).toBeUndefined();
    const text =
      '{"to": "+12025550143", "body": "Hi", "subscriptionType": "MARKETING", "useShortLinks": false, "skipFatigue": false}';
    expect(validatePayloadText(text).sms?.segments).toBe(1);
    const event = '{"type": "x", "body": "Hi", "user": {"email": "a@b.co"}}';
    expect(validatePayloadText(event, { endpoint: "custom-events" }).sms).toBeUndefined();
  });
});

describe("validatePayload's clock", () => {
  const event = { type: "Order Shipped", occurredAt: "2024-03-15T00:00:00Z", user: { email: "ann@example.com" } };
  it("takes a Date, an ISO string or milliseconds, and the current time by default", () => {
    expect(validatePayload(event, "custom-events", { now: new Date("2024-03-15T12:00:00Z") })).toEqual([]);
    expect(validatePayload(event, "custom-events", { now: Date.parse("2024-03-16T00:00:00Z") })[0].code).toBe(
      "AT_OCCURRED_AT_STALE",
    );
    expect(validatePayload(event, "custom-events").map((d) => d.code)).toEqual(["AT_OCCURRED_AT_STALE"]);
    expect(
      validatePayloadText(JSON.stringify(event), { endpoint: "custom-events", now: "2024-03-15T01:00:00Z" })
        .diagnostics,
    ).toEqual([]);
  });
  it("rejects a clock that is not a date", () => {
    expect(() => validatePayload(event, "custom-events", { now: "soon" })).toThrow(RangeError);
  });
});
