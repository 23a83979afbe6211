/** text-send: signs that a variable printed into `body` had no value. */
import type { Finding, Rule } from "../finding.js";

/** What a missing or wrongly typed value prints as in other systems' templates. */
const PLACEHOLDERS = /\b(?:undefined|null|NaN)\b|\[object Object\]/g;
/**
 * Two spaces, or a space before a comma or full stop: "Hi  !", "Hi , Ann". A space before "!", "?", ";" or ":"
 * is left alone: French typography uses it, and so does the integration guide's own example ("Hi, Ann !").
 */
const GAPS = / {2,}| [,.](?=\s|$)/g;

/** `body` contains `undefined`, `null`, `NaN` or `[object Object]`. */
export const bodyPlaceholders: Rule = (payload) =>
  matches(payload.body, PLACEHOLDERS, (text) => ({
    code: "AT_BODY_PLACEHOLDER",
    message: `The message text contains "${text}". A variable probably had no value, and the person would read "${text}".`,
    hint: "Check the data for this person, or give the variable a default.",
  }));

/** `body` has doubled spaces or a space before punctuation, as an empty variable leaves. */
export const bodyGaps: Rule = (payload) =>
  matches(payload.body, GAPS, (text) => ({
    code: "AT_BODY_EMPTY_VARIABLE",
    message: `The message text has ${text.trim() === "" ? "two spaces in a row" : `a space before "${text.trim()}"`}. A variable between them was probably empty.`,
    hint: "Check the data for this person, or leave out the space when the variable is empty.",
  }));

/** `pattern` (global) matches somewhere in `text`; cheaper than collecting the matches, and usually false. */
function hasMatch(text: string, pattern: RegExp): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

function matches(
  body: unknown,
  pattern: RegExp,
  describe: (text: string) => { code: string; message: string; hint: string },
): Finding[] {
  if (typeof body !== "string" || !hasMatch(body, pattern) || body.trim() === "") return [];
  return [...body.matchAll(pattern)].map((match) => ({
    severity: "warning",
    path: "/body",
    ...describe(match[0]),
    within: { start: match.index, end: match.index + match[0].length },
  }));
}
