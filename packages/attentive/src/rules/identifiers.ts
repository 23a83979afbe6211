/**
 * `externalIdentifiers` (your own IDs for a person): inside `user` on the event, attribute and eCommerce APIs,
 * beside it on subscriptions. Shared checks of their values.
 */
import { childPointer, type Finding, isObject, type Rule } from "../finding.js";

/** A text with something in it other than spaces. */
export function filled(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Warnings for the identifiers at `pointer` (an `externalIdentifiers` object): an empty ID (Attentive asks to leave
 * it out rather than send it empty), and custom identifiers without a name or a value (the Identity API needs both).
 */
export function identifierValues(ids: unknown, pointer: string): Finding[] {
  if (!isObject(ids)) return [];
  const findings: Finding[] = [];
  for (const key of ["clientUserId", "shopifyId", "klaviyoId"]) {
    const value = ids[key];
    if (typeof value === "string" && value.trim() === "") {
      findings.push({
        severity: "warning",
        code: "AT_EXTERNAL_ID_EMPTY",
        path: childPointer(pointer, key),
        message: `"${key}" is empty. Attentive asks to leave an identifier out rather than send it empty.`,
        hint: `Check the variable that fills "${key}", or leave "${key}" out when it has no value.`,
      });
    }
  }
  const custom = ids.customIdentifiers;
  if (Array.isArray(custom)) {
    const listPointer = childPointer(pointer, "customIdentifiers");
    for (let i = 0; i < custom.length; i++) {
      const item = custom[i];
      if (!isObject(item)) continue; // the schema says it must be an object
      // Missing, null or blank; another type is the schema's error.
      const missing = ["name", "value"].filter(
        (key) => item[key] == null || (typeof item[key] === "string" && !filled(item[key])),
      );
      if (missing.length === 0) continue;
      findings.push({
        severity: "warning",
        code: "AT_CUSTOM_ID_INCOMPLETE",
        path: childPointer(listPointer, i),
        message: `A custom identifier needs a "name" and a "value", but this one has ${missing.length === 2 ? "neither" : `no ${missing[0]}`} (or an empty one). Attentive cannot match the person by it.`,
        hint: 'Write it as {"name": "loyaltyId", "value": "12345"}, or leave it out when there is no value.',
      });
    }
  }
  return findings;
}

/** subscriptions: the identifiers beside `user`. */
export const subscriptionIdentifiers: Rule = (payload) =>
  identifierValues(payload.externalIdentifiers, "/externalIdentifiers");
