/**
 * Whether an E.164 number is a valid phone number, with the verdict of libphonenumber-js (max metadata)'s
 * `parsePhoneNumberFromString(number)?.isValid()`, its `country` and its `countryCallingCode`, computed with the
 * same metadata and the same steps, but with each metadata pattern compiled once instead of on every call.
 * (libphonenumber-js builds a `new RegExp` for every pattern it tries, a dozen or more per number.)
 *
 * Only for text that matches `^\+[1-9]\d{1,14}$`. The steps follow libphonenumber-js 1.13's `parse` (v2),
 * `extractCountryCallingCode`, `extractNationalNumber`, `getCountryByCallingCode`, `getNumberType` and
 * `isValidNumber`; `phone-validity.test.ts` checks the verdicts against the library itself.
 */
import { Metadata } from "libphonenumber-js/core";
import metadataJson from "libphonenumber-js/max/metadata";

export interface PhoneVerdict {
  valid: boolean;
  /** The country, when the number tells it (as libphonenumber-js's `PhoneNumber.country`). */
  country?: string;
  countryCallingCode: string;
}

/** The parts of libphonenumber-js's `Metadata` class used here (its typings declare only a few). */
interface MetadataApi {
  selectNumberingPlan(countryOrCallingCode: string): void;
  hasCallingCode(callingCode: string): boolean | undefined;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan: NumberingPlanApi;
}

interface NumberingPlanApi {
  callingCode(): string;
  nationalNumberPattern(): string;
  possibleLengths(): number[] | undefined;
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(type: NumberType): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

type NumberType =
  | "FIXED_LINE"
  | "MOBILE"
  | "PREMIUM_RATE"
  | "TOLL_FREE"
  | "SHARED_COST"
  | "VOIP"
  | "PERSONAL_NUMBER"
  | "PAGER"
  | "UAN"
  | "VOICEMAIL";

/** getNumberType's order after FIXED_LINE. */
const NON_FIXED_LINE_TYPES: readonly NumberType[] = [
  "MOBILE",
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
];

interface TypeRule {
  /** `^(?:pattern)$`. */
  pattern: RegExp;
  possibleLengths: number[] | undefined;
}

/** A numbering plan (a country, or the main country / non-geographic plan of a calling code), compiled. */
interface Plan {
  callingCode: string;
  nationalNumber: RegExp;
  possibleLengths: number[] | undefined;
  leadingDigits: RegExp | undefined;
  /** `^(?:nationalPrefixForParsing)`. */
  prefixForParsing: RegExp | undefined;
  prefixTransformRule: string | undefined;
  hasTypes: boolean;
  /** The types that have a non-empty pattern. */
  types: Map<NumberType, TypeRule>;
}

const ALL_TYPES: readonly NumberType[] = ["FIXED_LINE", ...NON_FIXED_LINE_TYPES];

let metadata: MetadataApi | undefined;
const plans = new Map<string, Plan>();

function meta(): MetadataApi {
  metadata ??= new Metadata(metadataJson) as unknown as MetadataApi;
  return metadata;
}

/** The plan of a country code ("US") or a calling code ("1": its main country; "800": non-geographic). */
function plan(countryOrCallingCode: string): Plan {
  let compiled = plans.get(countryOrCallingCode);
  if (compiled) return compiled;
  const m = new Metadata(metadataJson) as unknown as MetadataApi;
  m.selectNumberingPlan(countryOrCallingCode);
  const p = m.numberingPlan;
  const types = new Map<NumberType, TypeRule>();
  const hasTypes = p.hasTypes();
  for (const name of ALL_TYPES) {
    const type = hasTypes ? p.type(name) : undefined;
    if (type?.pattern()) types.set(name, { pattern: whole(type.pattern()), possibleLengths: type.possibleLengths() });
  }
  const prefixForParsing = p.nationalPrefixForParsing();
  const leadingDigits = p.leadingDigits();
  compiled = {
    callingCode: p.callingCode(),
    nationalNumber: whole(p.nationalNumberPattern()),
    possibleLengths: p.possibleLengths(),
    leadingDigits: leadingDigits ? new RegExp(`^(?:${leadingDigits})`) : undefined,
    prefixForParsing: prefixForParsing ? new RegExp(`^(?:${prefixForParsing})`) : undefined,
    prefixTransformRule: p.nationalPrefixTransformRule(),
    hasTypes,
    types,
  };
  plans.set(countryOrCallingCode, compiled);
  return compiled;
}

/** libphonenumber-js's `matchesEntirely`, compiled once. */
function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * The verdict for an E.164 number (`^\+[1-9]\d{1,14}$`), or undefined when libphonenumber-js cannot parse it
 * (no known country calling code, or too few digits).
 */
export function phoneVerdict(e164: string): PhoneVerdict | undefined {
  // parse(): fewer than 3 digits is not a "viable" phone number.
  if (e164.length < 4) return undefined;
  // extractCountryCallingCode(): the shortest prefix of 1 to 3 digits that is a calling code.
  const m = meta();
  let countryCallingCode: string | undefined;
  for (let i = 2; i - 1 <= 3 && i <= e164.length; i++) {
    const candidate = e164.slice(1, i);
    if (m.hasCallingCode(candidate)) {
      countryCallingCode = candidate;
      break;
    }
  }
  if (countryCallingCode === undefined) return undefined;
  const rest = e164.slice(1 + countryCallingCode.length);
  if (rest === "") return undefined;
  const callingCodePlan = plan(countryCallingCode);
  const nationalNumber = extractNationalNumber(rest, callingCodePlan);
  const country = countryByCallingCode(countryCallingCode, nationalNumber);
  // parse(): MIN_LENGTH_FOR_NSN (MAX_LENGTH_FOR_NSN, 17, cannot be reached from 15 digits).
  if (nationalNumber.length < 2) return undefined;
  const verdict: PhoneVerdict = {
    valid: isValid(plan(country ?? countryCallingCode), nationalNumber),
    countryCallingCode,
  };
  if (country !== undefined) verdict.country = country;
  return verdict;
}

/** extractNationalNumber(): strips a national prefix only when what is left still looks like a number there. */
function extractNationalNumber(number: string, callingCodePlan: Plan): string {
  const stripped = stripNationalPrefix(number, callingCodePlan);
  if (stripped === number) return number;
  // shouldHaveExtractedNationalPrefix()
  if (callingCodePlan.nationalNumber.test(number) && !callingCodePlan.nationalNumber.test(stripped)) return number;
  if (callingCodePlan.possibleLengths) {
    const country = countryByCallingCode(callingCodePlan.callingCode, stripped);
    const lengths = country === undefined ? callingCodePlan.possibleLengths : plan(country).possibleLengths;
    const check = checkLength(stripped, lengths);
    if (check === "TOO_SHORT" || check === "INVALID_LENGTH") return number;
  }
  return stripped;
}

/** extractNationalNumberFromPossiblyIncompleteNumber(), the national number only. */
function stripNationalPrefix(number: string, p: Plan): string {
  if (!p.prefixForParsing) return number;
  const match = p.prefixForParsing.exec(number);
  if (!match) return number;
  const groups = match.length - 1;
  const hasCapturedGroups = groups > 0 && Boolean(match[groups]);
  if (p.prefixTransformRule && hasCapturedGroups) return number.replace(p.prefixForParsing, p.prefixTransformRule);
  return number.slice(match[0].length);
}

/** checkNumberLength() without a type. */
function checkLength(nationalNumber: string, lengths: number[] | undefined): string {
  if (!lengths) return "IS_POSSIBLE";
  const length = nationalNumber.length;
  if (lengths[0] === length) return "IS_POSSIBLE";
  if (lengths[0] > length) return "TOO_SHORT";
  if (lengths[lengths.length - 1] < length) return "TOO_LONG";
  return lengths.indexOf(length, 1) >= 0 ? "IS_POSSIBLE" : "INVALID_LENGTH";
}

/** getCountryByCallingCode() / getCountryByNationalNumber(). */
function countryByCallingCode(callingCode: string, nationalNumber: string): string | undefined {
  const countries = meta().getCountryCodesForCallingCode(callingCode);
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const p = plan(country);
    if (p.leadingDigits) {
      if (nationalNumber && p.leadingDigits.test(nationalNumber)) return country;
    } else if (numberType(p, nationalNumber)) {
      return country;
    }
  }
  return undefined;
}

/** The last numberType() question and answer: finding the country and then validating often ask the same. */
let lastPlan: Plan | undefined;
let lastNumber = "";
let lastAnswer = false;

/** getNumberType(), reduced to "has a type" (FIXED_LINE, FIXED_LINE_OR_MOBILE, MOBILE, ... all count). */
function numberType(p: Plan, nationalNumber: string): boolean {
  if (lastPlan === p && lastNumber === nationalNumber) return lastAnswer;
  let answer = false;
  if (p.nationalNumber.test(nationalNumber)) {
    for (const name of ALL_TYPES) {
      if (isType(p, name, nationalNumber)) {
        answer = true;
        break;
      }
    }
  }
  lastPlan = p;
  lastNumber = nationalNumber;
  lastAnswer = answer;
  return answer;
}

/** isNumberTypeEqualTo(). */
function isType(p: Plan, name: NumberType, nationalNumber: string): boolean {
  const rule = p.types.get(name);
  if (!rule) return false;
  if (rule.possibleLengths && rule.possibleLengths.indexOf(nationalNumber.length) < 0) return false;
  return rule.pattern.test(nationalNumber);
}

/** isValidNumber() (v2). */
function isValid(p: Plan, nationalNumber: string): boolean {
  if (p.hasTypes) return numberType(p, nationalNumber);
  return p.nationalNumber.test(nationalNumber);
}
