import fc from "fast-check";
import examples from "libphonenumber-js/examples.mobile.json";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import metadata from "libphonenumber-js/max/metadata";
import { describe, expect, it } from "vitest";
import { phoneVerdict } from "./phone-validity.js";

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const E164 = /^\+[1-9]\d{1,14}$/;

/** What the library says, in the same shape. */
function library(e164: string) {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return undefined;
  const verdict: { valid: boolean; country?: string; countryCallingCode: string } = {
    valid: parsed.isValid(),
    countryCallingCode: parsed.countryCallingCode,
  };
  if (parsed.country !== undefined) verdict.country = parsed.country;
  return verdict;
}

const callingCodes = [
  ...Object.keys(metadata.country_calling_codes),
  ...Object.keys((metadata as { nonGeographic?: object }).nonGeographic ?? {}),
];

/** A deterministic PRNG, so a failure names a number that reproduces. */
function digits(seed: number): (n: number) => string {
  let a = seed >>> 0;
  return (n) => {
    let out = "";
    for (let i = 0; i < n; i++) {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      out += String((a >>> 16) % 10);
    }
    return out;
  };
}

describe("phoneVerdict gives libphonenumber-js's verdict (max metadata)", () => {
  it("for every calling code, with national numbers of every length", () => {
    const random = digits(7);
    const mismatches: string[] = [];
    for (const code of callingCodes) {
      for (let length = 0; length + code.length <= 14; length++) {
        for (let i = 0; i < 8; i++) {
          const e164 = `+${code}${random(length)}`;
          if (!E164.test(e164)) continue;
          if (JSON.stringify(phoneVerdict(e164)) !== JSON.stringify(library(e164))) mismatches.push(e164);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("for every country's example number, and the same with a digit more or less", () => {
    const mismatches: string[] = [];
    for (const [country, national] of Object.entries(examples as Record<string, string>)) {
      const parsed = parsePhoneNumberFromString(national, country as never);
      if (!parsed) continue;
      const e164 = parsed.number;
      for (const n of [e164, `${e164}5`, e164.slice(0, -1), `+${parsed.countryCallingCode}0${parsed.nationalNumber}`]) {
        if (E164.test(n) && JSON.stringify(phoneVerdict(n)) !== JSON.stringify(library(n))) mismatches.push(n);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("for random E.164 numbers (fast-check)", () => {
    const e164 = fc.stringMatching(/^\+[1-9]\d{1,14}$/);
    fc.assert(
      fc.property(e164, (n) => {
        expect(phoneVerdict(n)).toEqual(library(n));
      }),
      { numRuns: runs * 10 },
    );
  });

  it("for the numbers of the fixtures and the rule tests", () => {
    const numbers = ["+12125551234", "+12025550143", "+19148440001", "+442071838750", "+551155256325", "+13115552368"];
    numbers.push("+3312345678", "+4420718", "+999123456", "+12", "+123", "+7", "+80012345678", "+8001234567");
    for (const n of numbers) {
      if (E164.test(n)) expect(phoneVerdict(n), n).toEqual(library(n));
    }
  });
});
