/** Both endpoints: `subscriptionType` is MARKETING or TRANSACTIONAL, in capitals. */
import { quote, type Rule } from "../finding.js";

const TYPES = ["MARKETING", "TRANSACTIONAL"];

/** A text `subscriptionType` is one of the two values. (Missing or not text: schema errors.) */
export const subscriptionTypeValue: Rule = (payload) => {
  const type = payload.subscriptionType;
  if (typeof type !== "string" || TYPES.includes(type)) return [];
  const meant = TYPES.find((t) => t === type.trim().toUpperCase());
  return [
    {
      severity: "error",
      code: "AT_SUBSCRIPTION_TYPE_INVALID",
      path: "/subscriptionType",
      message: `"subscriptionType" must be MARKETING or TRANSACTIONAL, but it is ${quote(type)}.`,
      hint: meant
        ? `Write ${meant}, in capitals.`
        : "Use MARKETING for promotions and TRANSACTIONAL for order and account messages.",
    },
  ];
};
