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

/** `subscriberExternalId` is a whole number (an int64 in the spec). */
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
  if (typeof id !== "number" || !Number.isInteger(id)) {
    return [
      {
        ...base,
        message: `"subscriberExternalId" must be a whole number (Attentive's ID of the subscriber), but it is ${describeValue(id)}.`,
        hint: 'Use the subscriber\'s numeric ID, or send "to" with their phone number instead.',
      },
    ];
  }
  return [];
};
