/** Custom attributes: the names and values in `properties`. */
import { childPointer, type Finding, isObject, type Rule } from "../finding.js";

/** Attentive's limit on an attribute name. Its unit is not stated; counted here in characters (code points). */
export const MAX_ATTRIBUTE_NAME = 200;

/** Code points of `text`, counting at most up to `limit + 1`. */
function codePoints(text: string, limit: number): number {
  if (text.length <= limit) return text.length; // at most as many code points as UTF-16 units
  let n = 0;
  for (const _ of text) if (++n > limit) break;
  return n;
}

/**
 * `properties` sets something (warning when `{}`); each name is at most 200 characters (error) and not blank
 * (warning); each value is not a list (error: Attentive answers 400), not an object (warning: undocumented, and
 * other Attentive integrations reject it) and not null (warning: undocumented).
 */
export const attributeProperties: Rule = (payload) => {
  const properties = payload.properties;
  if (!isObject(properties)) return [];
  const keys = Object.keys(properties);
  if (keys.length === 0) {
    return [
      {
        severity: "warning",
        code: "AT_ATTRIBUTES_EMPTY",
        path: "/properties",
        message: '"properties" is empty, so the request sets no attribute.',
        hint: 'Add the attributes to set, like "properties": {"Favorite color": "blue"}.',
      },
    ];
  }
  const findings: Finding[] = [];
  for (const key of keys) {
    const pointer = childPointer("/properties", key);
    if (codePoints(key, MAX_ATTRIBUTE_NAME) > MAX_ATTRIBUTE_NAME) {
      findings.push({
        severity: "error",
        code: "AT_ATTRIBUTE_NAME_TOO_LONG",
        path: pointer,
        message: `The attribute name ${JSON.stringify(`${key.slice(0, 30)}…`)} is ${[...key].length} characters long; Attentive allows at most ${MAX_ATTRIBUTE_NAME}.`,
        hint: "Use a short name; the value can be long.",
        onKey: true,
      });
    } else if (key.trim() === "") {
      findings.push({
        severity: "warning",
        code: "AT_ATTRIBUTE_NAME_EMPTY",
        path: pointer,
        message: "An attribute has an empty name.",
        hint: "Check the variable that makes the name, or give the attribute a fixed name.",
        onKey: true,
      });
    }
    const value = properties[key];
    if (Array.isArray(value)) {
      findings.push({
        severity: "error",
        code: "AT_ATTRIBUTE_LIST",
        path: pointer,
        message: `The attribute "${key}" is a list. Attentive does not accept lists as attribute values (it answers 400 Bad Request).`,
        hint:
          value.length === 1
            ? "Send the one value without the brackets."
            : 'Send one value per attribute, or join the values into one text, like "chicago, new york".',
      });
    } else if (isObject(value)) {
      findings.push({
        severity: "warning",
        code: "AT_ATTRIBUTE_OBJECT",
        path: pointer,
        message: `The attribute "${key}" is an object. Attentive documents attribute values as text; nested objects are not supported by its other integrations.`,
        hint: "Send each field as its own attribute, with a text value.",
      });
    } else if (value === null) {
      findings.push({
        severity: "warning",
        code: "AT_ATTRIBUTE_NULL",
        path: pointer,
        message: `The attribute "${key}" is null. Attentive does not say what null does (it may not clear the attribute).`,
        hint: `Leave "${key}" out when there is no value.`,
      });
    }
  }
  return findings;
};
