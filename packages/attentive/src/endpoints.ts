/** The Attentive endpoints a payload can be checked against: where they live, their schema, their rules. */
import type { Rule } from "./finding.js";
import { bodyGsm, bodyNoBraces, bodyNotEmpty } from "./rules/body.js";
import { bodyGaps, bodyPlaceholders } from "./rules/body-data.js";
import { mediaUrlValid, shortLinksNeedName, shortLinksPresent } from "./rules/links.js";
import { toPhone, userPhone } from "./rules/phone.js";
import { oneRecipient, subscriberIdInteger } from "./rules/recipient.js";
import { skipFatigueExplicit, transactionalOnlyFlags } from "./rules/sending.js";
import { localeCodes, localeObject, signUpSource } from "./rules/signup.js";
import { externalIdsBesideUser, userContact, userEmail } from "./rules/subscriber.js";
import { subscriptionTypeValue } from "./rules/subscription-type.js";
import { unknownFields } from "./rules/unknown-fields.js";
import { loadSchema } from "./schema.js";

export type EndpointName = "text-send" | "subscriptions";

export interface Endpoint {
  name: EndpointName;
  method: "POST";
  url: string;
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
      unknownFields(() => loadSchema("subscriptions.schema.json"), ["/user/externalIdentifiers"]),
    ],
  },
};
