/** subscriptions: how Attentive finds the sign-up unit (`signUpSourceId`, or `locale` + `subscriptionType`). */
import { isObject, isSet, quote, type Rule } from "../finding.js";

/** `signUpSourceId` (not empty), or both `locale` and `subscriptionType`. */
export const signUpSource: Rule = (payload) => {
  const id = payload.signUpSourceId;
  if (isSet(id) && !(typeof id === "string" && id.trim() === "")) return [];
  const hasLocale = isSet(payload.locale);
  const hasType = isSet(payload.subscriptionType);
  if (hasLocale && hasType) return [];
  const missing = hasLocale ? "subscriptionType" : hasType ? "locale" : "signUpSourceId";
  const message = hasLocale
    ? 'With "locale", Attentive also needs "subscriptionType" (MARKETING or TRANSACTIONAL) to find the sign-up unit.'
    : hasType
      ? 'With "subscriptionType", Attentive also needs "locale" to find the sign-up unit.'
      : 'Attentive needs to know which sign-up unit the person joins: add "signUpSourceId", or both "locale" and "subscriptionType".';
  return [
    {
      severity: "error",
      code: "AT_SIGNUP_SOURCE_MISSING",
      path: `/${missing}`,
      message,
      hint: "The sign-up source ID is in the ID column of the Sign-up Units tab in Attentive (for an API sign-up method). Nobody is subscribed if it does not match exactly one unit.",
    },
  ];
};

/** `locale` is an object `{language, country}`, not a string like "en-US". */
export const localeObject: Rule = (payload) => {
  const locale = payload.locale;
  if (typeof locale !== "string") return [];
  const parts = /^([a-z]{2})[-_]([a-z]{2})$/i.exec(locale.trim());
  return [
    {
      severity: "error",
      code: "AT_LOCALE_STRING",
      path: "/locale",
      message: `"locale" must be an object with a language and a country, not the text ${quote(locale)}.`,
      hint: parts
        ? `Write "locale": {"language": "${parts[1].toLowerCase()}", "country": "${parts[2].toUpperCase()}"}.`
        : 'Write it like "locale": {"language": "en", "country": "US"}.',
    },
  ];
};

const LOCALE_CHECKS = [
  { key: "language", pattern: /^[a-z]{2}$/, example: "en", words: "two lowercase letters" },
  { key: "country", pattern: /^[A-Z]{2}$/, example: "US", words: "two capital letters" },
] as const;

/** `locale.language` is two lowercase letters and `locale.country` two capitals: Attentive matches them exactly. */
export const localeCodes: Rule = (payload) => {
  const locale = payload.locale;
  if (!isObject(locale)) return [];
  return LOCALE_CHECKS.filter(
    ({ key, pattern }) => !(typeof locale[key] === "string" && pattern.test(locale[key])),
  ).map(({ key, example, words }) => ({
    severity: "error" as const,
    code: "AT_LOCALE_CODE",
    path: `/locale/${key}`,
    message:
      locale[key] === undefined
        ? `"locale" has no "${key}".`
        : `"locale.${key}" must be ${words}, like "${example}", but it is ${quote(locale[key])}.`,
    hint: `Attentive matches the locale exactly (case matters): write "${key}": "${example}" or your own ${key} code.`,
  }));
};
