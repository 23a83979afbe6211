/** Phone numbers: `to` (text-send) and `user.phone` (subscriptions) must be E.164 and should be real numbers. */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { type Finding, isObject, quote, type Rule } from "../finding.js";
import { phoneVerdict } from "./phone-validity.js";

const E164 = /^\+[1-9]\d{1,14}$/;
let regions: Intl.DisplayNames | undefined;

/** `to` is E.164 (error) and a valid number for its country (warning). */
export const toPhone: Rule = (payload) =>
  typeof payload.to === "string" ? checkPhone(payload.to, "/to", "AT_TO_NOT_E164", "AT_TO_INVALID_NUMBER") : [];

/** `user.phone` is E.164 (error) and a valid number for its country (warning). */
export const userPhone: Rule = (payload) =>
  isObject(payload.user) && typeof payload.user.phone === "string"
    ? checkPhone(payload.user.phone, "/user/phone", "AT_PHONE_NOT_E164", "AT_PHONE_INVALID_NUMBER")
    : [];

function checkPhone(phone: string, path: string, syntaxCode: string, validityCode: string): Finding[] {
  const field = path === "/to" ? '"to"' : '"user.phone"';
  if (phone.trim() === "") {
    return [
      {
        severity: "error",
        code: syntaxCode,
        path,
        message: `The phone number in ${field} is empty. This usually means the profile has no phone number.`,
        hint: "Make sure every person you send to has a phone number, or leave them out of the send.",
      },
    ];
  }
  if (!E164.test(phone)) {
    const suggestion = suggestE164(phone);
    return [
      {
        severity: "error",
        code: syntaxCode,
        path,
        message: `The phone number ${quote(phone)} in ${field} is not in E.164 format: a + then the country code and the number, with no spaces, dashes or brackets (like +12125551234).`,
        hint: suggestion
          ? `Write it as ${suggestion}.`
          : "Start it with + and the country code, and remove everything that is not a digit.",
      },
    ];
  }
  // libphonenumber-js's verdict, without the library's regular expression compiled per call (phone-validity.ts).
  const parsed = phoneVerdict(phone);
  if (parsed?.valid) return [];
  const where = parsed?.country
    ? `in ${countryName(parsed.country)}`
    : parsed
      ? `for the country code +${parsed.countryCallingCode}`
      : "for any country (the country code is not recognised)";
  return [
    {
      severity: "warning",
      code: validityCode,
      path,
      message: `${phone} in ${field} has the right format but is not a valid phone number ${where}. Attentive may not be able to deliver to it.`,
      hint: "Check the digits and the country code.",
    },
  ];
}

/** The E.164 form of a number written with separators, an international 00 prefix, or a US number without +1. */
function suggestE164(phone: string): string | undefined {
  const compact = phone.replace(/[\s().-]/g, "").replace(/^00/, "+");
  const parsed = parsePhoneNumberFromString(compact, compact.startsWith("+") ? undefined : "US");
  return parsed?.isValid() ? parsed.number : undefined;
}

function countryName(code: string): string {
  regions ??= new Intl.DisplayNames(["en"], { type: "region" });
  return regions.of(code) ?? code;
}
