/**
 * Custom events, custom attributes and eCommerce events: the `user` (Attentive's EventUser) names the person by
 * phone (E.164), email or an external identifier, and `externalIdentifiers` sits inside it.
 */
import { type Finding, isObject, type Rule } from "../finding.js";
import { filled, identifierValues } from "./identifiers.js";

/** A usable external identifier: a `clientUserId`, or a custom identifier with a name and a value. */
function hasExternalId(ids: unknown): boolean {
  if (!isObject(ids)) return false;
  if (filled(ids.clientUserId)) return true;
  const custom = ids.customIdentifiers;
  return Array.isArray(custom) && custom.some((item) => isObject(item) && filled(item.name) && filled(item.value));
}

/**
 * `user` has a phone, an email or a usable external identifier (error); information when it has only external
 * identifiers, which must already be linked to a phone or email. (A missing `user` is a schema error.)
 */
export const eventUserIdentifier: Rule = (payload) => {
  const user = payload.user;
  if (!isObject(user)) return [];
  const contact = filled(user.phone) || filled(user.email);
  const external = hasExternalId(user.externalIdentifiers);
  if (contact) return [];
  if (external) {
    return [
      {
        severity: "info",
        code: "AT_USER_EXTERNAL_ID_ONLY",
        path: "/user/externalIdentifiers",
        message:
          '"user" names the person by an external identifier only. Attentive finds them only if that identifier was already linked to a phone or email (through its Identity API); otherwise the request does nothing for them.',
        hint: 'Add "phone" or "email" when the profile has one.',
      },
    ];
  }
  const empty = "phone" in user || "email" in user || "externalIdentifiers" in user;
  return [
    {
      severity: "error",
      code: "AT_USER_NO_IDENTIFIER",
      path: "/user",
      message: `"user" needs a "phone", an "email" or an external identifier${empty ? " with a value" : ""}, so Attentive knows who it is about.`,
      hint: 'Add "phone" in E.164 format, like "+12125551234", "email", or "externalIdentifiers": {"clientUserId": "…"}.',
    },
  ];
};

/** `externalIdentifiers` belongs inside `user` on these endpoints (subscriptions has it beside `user`). */
export const externalIdsInsideUser: Rule = (payload) =>
  payload.externalIdentifiers !== undefined
    ? [
        {
          severity: "error",
          code: "AT_EXTERNAL_IDS_OUTSIDE_USER",
          path: "/externalIdentifiers",
          message:
            'On this endpoint "externalIdentifiers" goes inside "user"; at the top level Attentive ignores it (only the subscriptions API has it beside "user").',
          hint: 'Move "externalIdentifiers" into "user".',
          onKey: true,
        },
      ]
    : [];

/** Empty identifiers and incomplete custom identifiers inside `user`. */
export const eventUserIdentifierValues: Rule = (payload): Finding[] =>
  isObject(payload.user) ? identifierValues(payload.user.externalIdentifiers, "/user/externalIdentifiers") : [];
