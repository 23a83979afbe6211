/**
 * The GSM 03.38 / 3GPP TS 23.038 default alphabet (reference notes §6.1) and GSM-safe replacements for
 * characters that would otherwise switch a message to UCS-2.
 */

/** The basic table in code order 0x00–0x7F, without ESC (0x1B): one septet each. */
const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The extension table: ESC plus a code, so two septets each. */
const EXTENSION = "\f^{}\\[~]|€";

/**
 * Septets per UTF-16 code unit, indexed by char code: 1 (basic table), 2 (extension table), 0 (not GSM-7).
 * Every GSM-7 character is a single code unit, and the highest is € (U+20AC).
 */
const SEPTETS = new Uint8Array(0x20ad);
for (let i = 0; i < BASIC.length; i++) SEPTETS[BASIC.charCodeAt(i)] = 1;
for (let i = 0; i < EXTENSION.length; i++) SEPTETS[EXTENSION.charCodeAt(i)] = 2;

/** Septets the UTF-16 code unit `code` costs in GSM-7: 1, 2 (extension table), or 0 when it is not in the alphabet. */
export function gsmCodeSeptets(code: number): number {
  return code < 0x20ad ? SEPTETS[code] : 0;
}

/** Septets a character costs in GSM-7: 1, 2 (extension table), or 0 when it is not in the alphabet. */
export function gsmSeptets(char: string): 0 | 1 | 2 {
  return (char.length === 1 ? gsmCodeSeptets(char.charCodeAt(0)) : 0) as 0 | 1 | 2;
}

/** What to write instead of a common non-GSM character so the message stays GSM-7. */
const REPLACEMENTS: Record<string, string> = {
  "\u2018": "'", // ‘
  "\u2019": "'", // ’
  "\u201a": "'", // ‚
  "\u201b": "'", // ‛
  "\u2032": "'", // ′
  "\u00b4": "'", // ´
  "`": "'",
  "\u201c": '"', // “
  "\u201d": '"', // ”
  "\u201e": '"', // „
  "\u201f": '"', // ‟
  "\u2033": '"', // ″
  "\u00ab": '"', // «
  "\u00bb": '"', // »
  "\u2010": "-", // ‐
  "\u2011": "-", // non-breaking hyphen
  "\u2012": "-", // ‒
  "\u2013": "-", // –
  "\u2014": "-", // —
  "\u2015": "-", // ―
  "\u2212": "-", // −
  "\u2022": "-", // •
  "\u2026": "...", // …
  "\u00a0": " ", // non-breaking space
  "\u2002": " ",
  "\u2003": " ",
  "\u2007": " ",
  "\u2009": " ", // thin space
  "\u202f": " ", // narrow non-breaking space
  "\u200b": "", // zero-width space
  "\u00ad": "", // soft hyphen
  "\ufeff": "", // byte order mark / zero-width no-break space
  "\u00e7": "Ç", // ç: only the capital is in the GSM alphabet
  "\u00d7": "x", // ×
  "\u2122": "TM", // ™
};

/** A GSM-safe replacement for `char`, when there is a usual one. */
export function gsmReplacement(char: string): string | undefined {
  return Object.hasOwn(REPLACEMENTS, char) ? REPLACEMENTS[char] : undefined;
}
