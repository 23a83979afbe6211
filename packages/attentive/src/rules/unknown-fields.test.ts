import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const send = (fields: Record<string, unknown>) =>
  validatePayload(
    {
      to: "+12125551234",
      subscriptionType: "MARKETING",
      body: "Hi",
      useShortLinks: false,
      skipFatigue: false,
      ...fields,
    },
    "text-send",
  );
const subscribe = (fields: Record<string, unknown>) =>
  validatePayload({ user: { email: "ann@example.com" }, signUpSourceId: "357280", ...fields }, "subscriptions");

describe("AT_UNKNOWN_FIELD", () => {
  it("accepts every field of the spec", () => {
    expect(
      send({
        messageName: "x",
        forceSend: false,
        addSubscriber: false,
        messageId: 1,
        creativeId: 2,
        targetCompanyExternalId: "12345",
        mediaUrl: "https://x.com/a.png",
      }),
    ).toEqual([]);
  });

  it("suggests the field meant, ignoring case or a small typo", () => {
    expect(send({ mediaURL: "https://x.com/a.png" })).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "AT_UNKNOWN_FIELD",
        path: "/mediaURL",
        message: 'Attentive does not know the field "mediaURL", so it will be ignored. Did you mean "mediaUrl"?',
        hint: 'Rename "mediaURL" to "mediaUrl".',
      }),
    ]);
    expect(send({ skipFatige: false })[0].hint).toBe('Rename "skipFatige" to "skipFatigue".');
  });

  it("lists the known fields when nothing is close", () => {
    expect(send({ campaign: "x" })[0].hint).toMatch(/^The fields Attentive knows here: to, subscriberExternalId, /);
  });

  it("looks inside nested objects and lists the schema describes", () => {
    expect(
      subscribe({
        user: { email: "ann@example.com", phon: "+12125551234" },
        externalIdentifiers: { customIdentifiers: [{ name: "a", vlue: "b" }] },
      })
        .filter((d) => d.code === "AT_UNKNOWN_FIELD")
        .map((d) => [d.path, d.hint]),
    ).toEqual([
      ["/user/phon", 'Rename "phon" to "phone".'],
      ["/externalIdentifiers/customIdentifiers/0/vlue", 'Rename "vlue" to "value".'],
    ]);
  });

  it("leaves externalIdentifiers inside user to its own rule", () => {
    expect(subscribe({ user: { email: "ann@example.com", externalIdentifiers: {} } }).map((d) => d.code)).toEqual([
      "AT_EXTERNAL_IDS_INSIDE_USER",
    ]);
  });
});
