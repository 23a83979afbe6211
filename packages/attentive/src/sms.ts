/**
 * SMS facts for a message text: encoding, length in encoding units, segment count, and the characters that force
 * UCS-2. See the reference notes §6 for the numbers (160/153 septets, 70/67 UTF-16 units).
 */
import { gsmReplacement, gsmSeptets } from "./gsm.js";

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface Ucs2Character {
  /** The character (a whole code point: a surrogate pair counts as one). */
  char: string;
  /** UTF-16 offset in the body (or in the brand name, when `inBrand`). */
  index: number;
  codePoint: number;
  /** A GSM-7 character to use instead, when there is a usual one ("" means: delete it). */
  replacement?: string;
  /** The character is in the brand name that Attentive puts in front of the body. */
  inBrand?: true;
}

export interface SmsFacts {
  encoding: SmsEncoding;
  /** Length in encoding units: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2. */
  units: number;
  /** Characters as a person counts them (grapheme clusters: 👍🏽 is one). */
  characters: number;
  /** Number of SMS parts; 0 for an empty text. */
  segments: number;
  /** Units per part: 160 / 70 for a single SMS, 153 / 67 for each part of a concatenated one. */
  unitsPerSegment: number;
  /** Every character that is not in the GSM-7 alphabet, in order. Empty for GSM-7. */
  ucs2Characters: Ucs2Character[];
}

export interface SmsOptions {
  /**
   * The brand name. Attentive always starts a message with it; this counts it as the prefix `"<brand>: "`
   * (the exact separator Attentive uses is not documented; a colon and a space is what its composer shows).
   */
  brand?: string;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
};

let graphemes: Intl.Segmenter | undefined;

/** The SMS facts of a message body as Attentive would send it. */
export function smsFacts(body: string, options: SmsOptions = {}): SmsFacts {
  const prefix = options.brand ? `${options.brand}: ` : "";
  const chars = codePoints(prefix + body);
  const ucs2Characters: Ucs2Character[] = [];
  for (const { char, index } of chars) {
    if (gsmSeptets(char) !== 0) continue;
    const inBrand = index < prefix.length;
    const entry: Ucs2Character = {
      char,
      index: inBrand ? index : index - prefix.length,
      codePoint: char.codePointAt(0)!,
    };
    const replacement = gsmReplacement(char);
    if (replacement !== undefined) entry.replacement = replacement;
    if (inBrand) entry.inBrand = true;
    ucs2Characters.push(entry);
  }
  const encoding: SmsEncoding = ucs2Characters.length > 0 ? "UCS-2" : "GSM-7";
  const costs = chars.map(({ char }) => (encoding === "GSM-7" ? gsmSeptets(char) : char.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, multi } = LIMITS[encoding];
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return {
    encoding,
    units,
    characters: [...graphemes.segment(prefix + body)].length,
    segments: units === 0 ? 0 : units <= single ? 1 : countParts(costs, multi),
    unitsPerSegment: units <= single ? single : multi,
    ucs2Characters,
  };
}

/** Parts needed when each holds `capacity` units and no character (escape pair, surrogate pair) is split. */
function countParts(costs: number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      parts++;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

function codePoints(text: string): { char: string; index: number }[] {
  const result: { char: string; index: number }[] = [];
  let index = 0;
  for (const char of text) {
    result.push({ char, index });
    index += char.length;
  }
  return result;
}
