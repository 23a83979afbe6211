/** text-send: who receives the message, `to` or `subscriberExternalId`, exactly one. */
import { describeValue, isSet, quote, type Rule } from "../finding.js";

/** Exactly one of `to` and `subscriberExternalId` is present and not null. */
export const oneRecipient: Rule = (payload) => {
  const hasPhone = isSet(payload.to);
  const hasId = isSet(payload.subscriberExternalId);
  if (hasPhone && hasId) {
    return [
      {
        severity: "error",
        code: "AT_RECIPIENT_CONFLICT",
        path: "/subscriberExternalId",
        message:
          'The payload has both "to" and "subscriberExternalId". Attentive needs exactly one of them to know who gets the message.',
        hint: 'Remove "subscriberExternalId" to send by phone number, or remove "to" to send by subscriber ID.',
      },
    ];
  }
  if (!hasPhone && !hasId) {
    return [
      {
        severity: "error",
        code: "AT_RECIPIENT_MISSING",
        path: "/to",
        message:
          'The payload does not say who gets the message: it needs "to" (a phone number) or "subscriberExternalId".',
        hint: 'Add "to" with the person\'s phone number in E.164 format, like "+12125551234".',
      },
    ];
  }
  return [];
};

/** The range of the spec's int64, as JavaScript numbers (2^63 - 1 is not one: JSON.parse rounds it to 2^63). */
const INT64_MIN = -(2 ** 63);
const INT64_END = 2 ** 63;

/** `subscriberExternalId` is a whole number that fits the spec's int64. */
export const subscriberIdInteger: Rule = (payload) => {
  const id = payload.subscriberExternalId;
  if (!isSet(id)) return [];
  const base = { severity: "error", code: "AT_SUBSCRIBER_ID_NOT_INTEGER", path: "/subscriberExternalId" } as const;
  if (typeof id === "string" && /^\s*-?\d+\s*$/.test(id)) {
    return [
      {
        ...base,
        message: `"subscriberExternalId" must be a number, but it is the text ${quote(id)}.`,
        hint: `Write ${id.trim()} without quotes.`,
      },
    ];
  }
  if (typeof id !== "number" || !Number.isInteger(id) || id < INT64_MIN || id > INT64_END) {
    return [
      {
        ...base,
        message:
          typeof id === "number" && Number.isInteger(id)
            ? `"subscriberExternalId" is ${describeValue(id)}, too large for Attentive's IDs (64-bit whole numbers).`
            : `"subscriberExternalId" must be a whole number (Attentive's ID of the subscriber), but it is ${describeValue(id)}.`,
        hint: 'Use the subscriber\'s numeric ID, or send "to" with their phone number instead.',
      },
    ];
  }
  return [];
};
