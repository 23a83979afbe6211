/** subscriptions: the `user` object has a way to reach the person, and no misplaced identifiers. */
import { isObject, quote, type Rule } from "../finding.js";

/** `user` has a non-empty `phone` or `email`. (A missing `user` is a schema error.) */
export const userContact: Rule = (payload) => {
  const user = payload.user;
  if (!isObject(user) || filled(user.phone) || filled(user.email)) return [];
  return [
    {
      severity: "error",
      code: "AT_USER_NO_CONTACT",
      path: "/user",
      message: '"user" needs a "phone" or an "email" (with a value) so Attentive knows whom to subscribe.',
      hint: 'Add "phone" in E.164 format, like "+12125551234", or "email".',
    },
  ];
};

/** `user.email` looks like an email address. */
export const userEmail: Rule = (payload) => {
  const email = isObject(payload.user) ? payload.user.email : undefined;
  if (typeof email !== "string" || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return [];
  return [
    {
      severity: "warning",
      code: "AT_EMAIL_INVALID",
      path: "/user/email",
      message: `${email === "" ? "The email address is empty" : `${quote(email)} does not look like an email address`}, so Attentive cannot use it.`,
      hint: 'Check the email variable, or leave "email" out when there is none.',
    },
  ];
};

/** `externalIdentifiers` belongs beside `user`, not inside it (unlike the events and attributes APIs). */
export const externalIdsBesideUser: Rule = (payload) =>
  isObject(payload.user) && payload.user.externalIdentifiers !== undefined
    ? [
        {
          severity: "error",
          code: "AT_EXTERNAL_IDS_INSIDE_USER",
          path: "/user/externalIdentifiers",
          message:
            'For subscriptions, "externalIdentifiers" goes beside "user", not inside it (the events and attributes APIs nest it; this one does not).',
          hint: 'Move "externalIdentifiers" out of "user" to the top level of the payload.',
        },
      ]
    : [];

function filled(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
