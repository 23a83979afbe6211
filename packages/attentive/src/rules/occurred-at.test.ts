import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";
import { parseOccurredAt } from "./occurred-at.js";

const NOW = "2024-03-15T12:00:00Z";
const event = (occurredAt: unknown, now: string | number = NOW) =>
  validatePayload({ type: "Order Shipped", occurredAt, user: { email: "ann@example.com" } }, "custom-events", { now });
const view = (occurredAt: unknown) =>
  validatePayload(
    {
      items: [{ productId: "AB12345", productVariantId: "CD12345", price: [{ value: 19.99, currency: "USD" }] }],
      occurredAt,
      user: { email: "ann@example.com" },
    },
    "product-view",
    { now: NOW },
  );
const codes = (diagnostics: { severity: string; code: string }[]) => diagnostics.map((d) => `${d.severity} ${d.code}`);

describe("occurredAt", () => {
  it("accepts RFC 3339 date-times with Z or an offset, within the last 12 hours", () => {
    for (const t of [
      "2024-03-15T12:00:00Z",
      "2024-03-15T00:00:01.123Z",
      "2024-03-15T13:30:00+02:00",
      "2024-03-15T07:00:00-05:00",
    ]) {
      expect(event(t), t).toEqual([]);
    }
  });

  it("AT_OCCURRED_AT_INVALID: no offset, not a date-time, not a real date, empty", () => {
    expect(event("2024-03-15T11:00:00")).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "AT_OCCURRED_AT_INVALID",
        path: "/occurredAt",
        hint: 'Add Z for UTC, like "2024-03-15T12:00:00Z".',
      }),
    ]);
    for (const t of [
      "2024-03-15",
      "15/03/2024 11:00",
      "2024-03-15 11:00:00Z",
      "2024-02-30T11:00:00Z",
      "2024-03-15T24:00:00Z",
      "",
      "now",
    ]) {
      expect(codes(event(t)), t).toEqual(["error AT_OCCURRED_AT_INVALID"]);
    }
    expect(codes(view("2024-03-15T11:00:00"))).toEqual(["error AT_OCCURRED_AT_INVALID"]);
  });

  it("AT_OCCURRED_AT_OFFSET_FORMAT: warns about an offset without a colon, as in Attentive's own example", () => {
    expect(codes(view("2024-03-15T11:38:29+0000"))).toEqual(["warning AT_OCCURRED_AT_OFFSET_FORMAT"]);
  });

  it("AT_OCCURRED_AT_STALE: more than 12 hours before the render clock", () => {
    expect(event("2024-03-15T00:00:00Z")).toEqual([]);
    expect(event("2024-03-14T23:59:59Z")).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "AT_OCCURRED_AT_STALE",
        message: expect.stringContaining("12 hours before"),
      }),
    ]);
    expect(event("2024-03-10T12:00:00Z")[0].message).toContain(
      "5 days before the send time (2024-03-15T12:00:00.000Z)",
    );
    // The offset counts: 06:00 at -08:00 is 14:00 UTC on the 14th, 22 hours earlier.
    expect(codes(event("2024-03-14T06:00:00-08:00"))).toEqual(["warning AT_OCCURRED_AT_STALE"]);
    // The clock is the one given, not the machine's.
    expect(event("2024-03-10T12:00:00Z", "2024-03-10T13:00:00Z")).toEqual([]);
  });

  it("AT_OCCURRED_AT_FUTURE: more than 15 minutes after the render clock (a time-zone mistake)", () => {
    expect(event("2024-03-15T12:15:00Z")).toEqual([]);
    expect(codes(event("2024-03-15T14:00:00+02:00"))).toEqual([]);
    expect(codes(event("2024-03-15T17:00:00Z"))).toEqual(["warning AT_OCCURRED_AT_FUTURE"]);
  });

  it("leaves a wrong type to the schema", () => expect(codes(event(5))).toEqual(["error AT_SCHEMA_TYPE"]));
});

describe("parseOccurredAt", () => {
  it("reads the offset", () => {
    expect(parseOccurredAt("2024-03-15T14:30:00+02:30")).toEqual({
      ms: Date.parse("2024-03-15T12:00:00Z"),
      colonless: false,
    });
    expect(parseOccurredAt("2024-03-15T12:00:00-0100")).toEqual({
      ms: Date.parse("2024-03-15T13:00:00Z"),
      colonless: true,
    });
    expect(parseOccurredAt("2024-02-29T00:00:00Z")).toMatchObject({ colonless: false });
    expect(parseOccurredAt("2023-02-29T00:00:00Z")).toEqual({ problem: "range" });
    // A two-digit year is not the 20th century.
    expect(parseOccurredAt("0050-01-01T00:00:00Z")).toEqual({
      ms: Date.parse("0050-01-01T00:00:00Z"),
      colonless: false,
    });
  });
});
