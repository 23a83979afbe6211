/** The Attentive endpoints a payload can be checked against: where they live, their schema, their rules. */
import type { Rule } from "./finding.js";
import { bodyGsm, bodyNoBraces, bodyNotEmpty } from "./rules/body.js";
import { bodyGaps, bodyPlaceholders } from "./rules/body-data.js";
import { attributeProperties } from "./rules/custom-attributes.js";
import { eventId, eventProperties, eventType } from "./rules/custom-event.js";
import { itemsNotEmpty, products, salesChannel } from "./rules/ecommerce.js";
import { eventUserIdentifier, eventUserIdentifierValues, externalIdsInsideUser } from "./rules/event-user.js";
import { subscriptionIdentifiers } from "./rules/identifiers.js";
import { mediaUrlValid, shortLinksNeedName, shortLinksPresent } from "./rules/links.js";
import { occurredAt } from "./rules/occurred-at.js";
import { singleOptIn } from "./rules/opt-in.js";
import { toPhone, userPhone } from "./rules/phone.js";
import { oneRecipient, subscriberIdInteger } from "./rules/recipient.js";
import { skipFatigueExplicit, transactionalOnlyFlags } from "./rules/sending.js";
import { localeCodes, localeObject, signUpSource } from "./rules/signup.js";
import { externalIdsBesideUser, userContact, userEmail } from "./rules/subscriber.js";
import { subscriptionTypeValue } from "./rules/subscription-type.js";
import { unknownFields } from "./rules/unknown-fields.js";
import { loadSchema } from "./schema.js";

/**
 * The names of the endpoints, in the order the CLI and the docs list them: the one list every `--endpoint` choice,
 * case-file check and playground picker is built from.
 */
export const ENDPOINT_NAMES = [
  "text-send",
  "subscriptions",
  "custom-events",
  "custom-attributes",
  "product-view",
  "add-to-cart",
  "purchase",
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];

/** Whether `name` is one of `ENDPOINT_NAMES`. */
export function isEndpointName(name: unknown): name is EndpointName {
  return (ENDPOINT_NAMES as readonly unknown[]).includes(name);
}

export interface Endpoint {
  name: EndpointName;
  method: "POST";
  url: string;
  /** What the endpoint does, in a few words (for help texts and pickers). */
  summary: string;
  /** The message is an SMS whose text is `body`: the payload gets SMS facts (encoding, segments). */
  sms: boolean;
  /** The JSON Schema file in this package's `schemas/` folder (importable as `@zephyr/attentive/schemas/<file>`). */
  schemaFile: string;
  /** Semantic rules, run after the schema; a rule's finding replaces a schema error on the same path. */
  rules: readonly Rule[];
}

export const ENDPOINTS: Readonly<Record<EndpointName, Endpoint>> = {
  "text-send": {
    name: "text-send",
    method: "POST",
    url: "https://api.attentivemobile.com/v1/text/send",
    summary: "send a text message",
    sms: true,
    schemaFile: "text-send.schema.json",
    rules: [
      oneRecipient,
      toPhone,
      subscriberIdInteger,
      subscriptionTypeValue,
      bodyNotEmpty,
      bodyNoBraces,
      bodyPlaceholders,
      bodyGaps,
      bodyGsm,
      shortLinksPresent,
      shortLinksNeedName,
      mediaUrlValid,
      transactionalOnlyFlags,
      skipFatigueExplicit,
      unknownFields(() => loadSchema("text-send.schema.json")),
    ],
  },
  subscriptions: {
    name: "subscriptions",
    method: "POST",
    url: "https://api.attentivemobile.com/v1/subscriptions",
    summary: "subscribe a person",
    sms: false,
    schemaFile: "subscriptions.schema.json",
    rules: [
      userContact,
      userPhone,
      userEmail,
      externalIdsBesideUser,
      signUpSource,
      localeObject,
      localeCodes,
      subscriptionTypeValue,
      subscriptionIdentifiers,
      singleOptIn,
      unknownFields(() => loadSchema("subscriptions.schema.json"), ["/user/externalIdentifiers"]),
    ],
  },
  "custom-events": {
    name: "custom-events",
    method: "POST",
    url: "https://api.attentivemobile.com/v1/events/custom",
    summary: "send a custom event (it can trigger journeys)",
    sms: false,
    schemaFile: "custom-events.schema.json",
    rules: [eventType, eventProperties, eventId, occurredAt, ...eventUserRules("custom-events.schema.json")],
  },
  "custom-attributes": {
    name: "custom-attributes",
    method: "POST",
    url: "https://api.attentivemobile.com/v1/attributes/custom",
    summary: "set custom attributes of a person",
    sms: false,
    schemaFile: "custom-attributes.schema.json",
    rules: [attributeProperties, ...eventUserRules("custom-attributes.schema.json")],
  },
  "product-view": ecommerce("product-view", "send a product view event"),
  "add-to-cart": ecommerce("add-to-cart", "send an add-to-cart event"),
  purchase: ecommerce("purchase", "send a purchase event", [salesChannel]),
};

/** The rules about `user` (EventUser) shared by the event, attribute and eCommerce endpoints, and unknown fields. */
function eventUserRules(schemaFile: string): Rule[] {
  return [
    eventUserIdentifier,
    userPhone,
    userEmail,
    eventUserIdentifierValues,
    externalIdsInsideUser,
    unknownFields(() => loadSchema(schemaFile), ["/externalIdentifiers"]),
  ];
}

function ecommerce(
  name: "product-view" | "add-to-cart" | "purchase",
  summary: string,
  extra: readonly Rule[] = [],
): Endpoint {
  const schemaFile = `${name}.schema.json`;
  return {
    name,
    method: "POST",
    url: `https://api.attentivemobile.com/v1/events/ecommerce/${name}`,
    summary,
    sms: false,
    schemaFile,
    rules: [itemsNotEmpty, products, ...extra, occurredAt, ...eventUserRules(schemaFile)],
  };
}
