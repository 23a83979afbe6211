/** Custom events: the event `type`, the `properties` keys and values, and `externalEventId`. */
import { childPointer, type Finding, isObject, quote, type Rule } from "../finding.js";

/** Characters Attentive forbids in an event type. */
const TYPE_FORBIDDEN = /["'(){}[\]\\|,]/g;
/** Characters Attentive forbids in a property key (fewer than in a type: ' ( ) and , are allowed). */
const KEY_FORBIDDEN = /["{}[\]\\|]/g;
/** Only this many keys per event type can be used in journeys and macros. */
export const MAX_EVENT_KEYS = 200;
/** Longer URLs are not shortened. */
export const MAX_SHORTENED_URL = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The distinct characters of `text` that `pattern` (global) matches, and where the first one is. */
function forbidden(text: string, pattern: RegExp): { chars: string[]; first: number } | undefined {
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return undefined;
  pattern.lastIndex = 0;
  const chars = new Set<string>();
  let first = -1;
  for (const m of text.matchAll(pattern)) {
    if (first < 0) first = m.index;
    chars.add(m[0]);
  }
  return { chars: [...chars], first };
}

const show = (chars: string[]) => chars.map((c) => JSON.stringify(c)).join(" ");

/** `type` is not blank and has none of `" ' ( ) { } [ ] \ | ,`. (Missing or not text: schema errors.) */
export const eventType: Rule = (payload) => {
  const type = payload.type;
  if (typeof type !== "string") return [];
  if (type.trim() === "") {
    return [
      {
        severity: "error",
        code: "AT_EVENT_TYPE_EMPTY",
        path: "/type",
        message: 'The event "type" is empty, so no journey can be triggered by it.',
        hint: 'Give the event a fixed name, like "Order Shipped", or check the variable that fills it.',
      },
    ];
  }
  const bad = forbidden(type, TYPE_FORBIDDEN);
  if (!bad) return [];
  return [
    {
      severity: "error",
      code: "AT_EVENT_TYPE_CHARS",
      path: "/type",
      message: `The event "type" contains ${show(bad.chars)}. Attentive does not allow " ' ( ) { } [ ] \\ | or , in an event type.`,
      hint: 'Use letters, digits, spaces and simple punctuation, like "Order Shipped".',
      within: { start: bad.first, end: bad.first + 1 },
    },
  ];
};

/**
 * `properties`: keys without `" { } [ ] \ |` (error at the top level, warning deeper: the spec does not say whether
 * nested keys count), lists and objects only for email journeys (warning), at most 200 keys (warning), URLs short
 * enough to be shortened (warning). Linear in the size of the properties; nested values are walked without recursion.
 */
export const eventProperties: Rule = (payload) => {
  const properties = payload.properties;
  if (!isObject(properties)) return [];
  const findings: Finding[] = [];
  const keys = Object.keys(properties);
  if (keys.length > MAX_EVENT_KEYS) {
    findings.push({
      severity: "warning",
      code: "AT_EVENT_TOO_MANY_KEYS",
      path: "/properties",
      message: `The event has ${keys.length} properties. Attentive keeps them all, but only ${MAX_EVENT_KEYS} keys per event type can be used in journeys and message macros.`,
      hint: "Send only the properties your journeys and messages use.",
    });
  }
  const nested: [unknown, string][] = [];
  for (const key of keys) {
    const pointer = childPointer("/properties", key);
    const bad = forbidden(key, KEY_FORBIDDEN);
    if (bad) {
      findings.push({
        severity: "error",
        code: "AT_EVENT_KEY_CHARS",
        path: pointer,
        message: `The property name ${quote(key)} contains ${show(bad.chars)}. Attentive does not allow " { } [ ] \\ or | in property names.`,
        hint: "Rename the property, using letters, digits, spaces, _ or -.",
        onKey: true,
      });
    }
    const value = properties[key];
    if (typeof value === "object" && value !== null) {
      findings.push({
        severity: "warning",
        code: "AT_EVENT_LIST_IN_SMS",
        path: pointer,
        message: `The property "${key}" is ${Array.isArray(value) ? "a list" : "an object"}. Journeys can use lists and nested objects in email only, not in SMS.`,
        hint: "For a text message, also send the values it needs as plain properties (text or numbers).",
      });
      nested.push([value, pointer]);
    } else if (typeof value === "string" && value.length > MAX_SHORTENED_URL && /^https?:\/\//i.test(value)) {
      findings.push({
        severity: "warning",
        code: "AT_EVENT_URL_TOO_LONG",
        path: pointer,
        message: `The link in "${key}" is ${value.length} characters long. Attentive shortens links of up to ${MAX_SHORTENED_URL} characters only, so this one would be sent in full.`,
        hint: "Send a shorter link (fewer tracking parameters), or shorten it yourself.",
      });
    }
  }
  // Keys of nested objects, at any depth.
  while (nested.length > 0) {
    const [value, pointer] = nested.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item = value[i];
        if (typeof item === "object" && item !== null) nested.push([item, childPointer(pointer, i)]);
      }
      continue;
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const child = childPointer(pointer, key);
      const bad = forbidden(key, KEY_FORBIDDEN);
      if (bad) {
        findings.push({
          severity: "warning",
          code: "AT_EVENT_NESTED_KEY_CHARS",
          path: child,
          message: `The name ${quote(key)} contains ${show(bad.chars)}, which Attentive does not allow in property names (its docs do not say whether this holds inside nested objects).`,
          hint: "Rename it, using letters, digits, spaces, _ or -.",
          onKey: true,
        });
      }
      const item = object[key];
      if (typeof item === "object" && item !== null) nested.push([item, child]);
    }
  }
  return findings;
};

/** `externalEventId`: not empty (warning), and a UUID as Attentive recommends (information). */
export const eventId: Rule = (payload) => {
  const id = payload.externalEventId;
  if (typeof id !== "string" || UUID.test(id)) return [];
  if (id.trim() === "") {
    return [
      {
        severity: "warning",
        code: "AT_EVENT_ID_EMPTY",
        path: "/externalEventId",
        message: '"externalEventId" is empty, so it cannot tell this event apart from others.',
        hint: 'Leave "externalEventId" out, or fill it with a unique ID such as a UUID.',
      },
    ];
  }
  return [
    {
      severity: "info",
      code: "AT_EVENT_ID_NOT_UUID",
      path: "/externalEventId",
      message: `"externalEventId" is not a UUID. Attentive recommends one; any ID works if it is unique for each event.`,
      hint: "Make sure the ID differs for every event (a fixed text in the template does not).",
    },
  ];
};
