/**
 * The validators of the event, attribute and eCommerce endpoints take any JSON value without throwing, and every
 * diagnostic has a stable code, a severity and a JSON pointer into the payload: to a value that exists, or to a
 * missing field of an object that exists (a required field). `FUZZ_RUNS` cases per property.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EndpointName } from "./endpoints.js";
import { validatePayload } from "./validate.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const NEW_ENDPOINTS: EndpointName[] = ["custom-events", "custom-attributes", "product-view", "add-to-cart", "purchase"];

/** The value at a JSON pointer, or `missing` (with whether the parent is an object). */
function resolve(root: unknown, pointer: string): { found: true } | { found: false; parentIsObject: boolean } {
  if (pointer === "") return { found: true };
  const parts = pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let at: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i];
    const container = at as Record<string, unknown>;
    const exists =
      typeof at === "object" &&
      at !== null &&
      (Array.isArray(at) ? /^(0|[1-9]\d*)$/.test(key) && Number(key) < at.length : Object.hasOwn(at, key));
    if (!exists) {
      return {
        found: false,
        parentIsObject: i === parts.length - 1 && typeof at === "object" && at !== null && !Array.isArray(at),
      };
    }
    at = container[key];
  }
  return { found: true };
}

const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    " ",
    "Order Shipped",
    "Order (Shipped)",
    "a|b",
    "+12025550143",
    "202-555-0143",
    "ann@example.com",
  ),
  fc.constantFrom("2024-03-15T11:00:00Z", "2024-03-15T11:00:00+0000", "2024-03-15T11:00:00", "2024-02-30T00:00:00Z"),
  fc.constantFrom("https://x.co/a.png", "USD", "usd", "WEB", "", "37fb97a9-6cfd-4983-bd65-68d104d53b70"),
);
const value: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: text }, fc.jsonValue({ maxDepth: 3 }));
/** Keys that the endpoints know, near misses, and forbidden characters. */
const key = fc.oneof(
  fc.constantFrom("type", "properties", "user", "occurredAt", "externalEventId", "items", "orderId", "salesChannel"),
  fc.constantFrom("phone", "email", "externalIdentifiers", "clientUserId", "customIdentifiers", "name", "value"),
  fc.constantFrom("productId", "productVariantId", "price", "currency", "quantity", "productUrl", "channelType"),
  fc.constantFrom("occuredAt", "a~b/c", 'x"y', "__proto__", "constructor", "a".repeat(201)),
  fc.string({ maxLength: 8 }),
);
const object = (inner: fc.Arbitrary<unknown>) => fc.dictionary(key, inner, { maxKeys: 6 });
/** Payload-shaped values: objects of known-ish keys, nesting objects and lists of them, with any leaves. */
const payloadish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    value,
    object(tie("node")),
    fc.array(tie("node"), { maxLength: 3 }),
  ),
})).node;
const user = fc.oneof(
  fc.constant({ phone: "+12025550143" }),
  fc.record({ email: text, externalIdentifiers: object(payloadish) }, { requiredKeys: [] }),
  payloadish,
);
const product = fc.record(
  {
    productId: text,
    productVariantId: text,
    price: fc.oneof(
      fc.array(fc.record({ value: fc.oneof(fc.double(), value), currency: text }, { requiredKeys: [] })),
      value,
    ),
    quantity: value,
    productUrl: text,
  },
  { requiredKeys: [] },
);
/**
 * Near-valid bodies for every new endpoint, with any field wrong, plus arbitrary values (not text: validatePayload
 * reads text as the JSON of the payload).
 */
const payload = fc
  .oneof(
    fc.record(
      { type: text, properties: object(payloadish), occurredAt: text, externalEventId: text, user, extra: payloadish },
      { requiredKeys: [] },
    ),
    fc.record(
      { items: fc.oneof(fc.array(product, { maxLength: 3 }), value), user, salesChannel: payloadish },
      { requiredKeys: [] },
    ),
    payloadish,
  )
  .filter((p) => typeof p !== "string");

describe("the validators of the new endpoints (fast-check)", () => {
  it("never throw, and every diagnostic has a code, a severity and a pointer into the payload", () => {
    fc.assert(
      fc.property(payload, fc.constantFrom(...NEW_ENDPOINTS), fc.integer({ min: 0, max: 2e12 }), (p, endpoint, now) => {
        const diagnostics = validatePayload(p, endpoint, { now });
        for (const d of diagnostics) {
          expect(d.code).toMatch(/^AT_[A-Z0-9_]+$/);
          expect(["error", "warning", "info"]).toContain(d.severity);
          expect(typeof d.message).toBe("string");
          expect(typeof d.path).toBe("string");
          const at = resolve(p, d.path!);
          if (!at.found)
            expect({ code: d.code, path: d.path, parentIsObject: at.parentIsObject }).toMatchObject({
              parentIsObject: true,
            });
        }
        // The same payload as JSON text gives the same diagnostics.
        expect(validatePayload(JSON.stringify(p), endpoint, { now })).toEqual(diagnostics);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);
});
