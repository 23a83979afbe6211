/** text-send: the message text is there, has no braces, and (for information) which characters force UCS-2. */
import type { Finding, Rule } from "../finding.js";
import { isGsmText, nonGsmCharacters } from "../sms.js";

/** `body` is not empty or only spaces. (A missing `body` is a schema error.) */
export const bodyNotEmpty: Rule = (payload) =>
  typeof payload.body === "string" && payload.body.trim() === ""
    ? [
        {
          severity: "error",
          code: "AT_BODY_EMPTY",
          path: "/body",
          message: "The message text is empty, so there is nothing to send.",
          hint: "Check that the variables used for the text have values for this person.",
        },
      ]
    : [];

/** Runs of braces, or a brace pair with what is between: `{{first_name}}`, `{x}`, a lone `}`. */
const BRACES = /\{+[^{}]*\}+|[{}]+/g;

/** `body` has no `{` or `}`: Attentive silently drops such a message. One finding per occurrence (capped by the validator, see `capFindings`). */
export const bodyNoBraces: Rule = (payload) => {
  if (typeof payload.body !== "string" || (!payload.body.includes("{") && !payload.body.includes("}"))) return [];
  return [...payload.body.matchAll(BRACES)].map((match) => ({
    severity: "error",
    code: "AT_BODY_BRACES",
    path: "/body",
    message: `The message text contains ${JSON.stringify(shorten(match[0]))}. Attentive does not send a message whose text has { or } in it, and it reports no error.`,
    hint: "This is usually a tag that was not filled in. Fix the tag, or remove the braces from the text.",
    within: { start: match.index, end: match.index + match[0].length },
  }));
};

/** Information: `body` has characters outside the GSM-7 alphabet, which cut a segment from 160 to 70 characters. */
export const bodyGsm: Rule = (payload) => {
  if (typeof payload.body !== "string" || isGsmText(payload.body)) return [];
  const ucs2Characters = nonGsmCharacters(payload.body);
  const replacements = new Map(ucs2Characters.map((c) => [c.char, c.replacement]));
  const chars = [...replacements.keys()];
  const listed = chars.slice(0, 5).map(showChar).join(" ") + (chars.length > 5 ? ` and ${chars.length - 5} more` : "");
  const fixes = [...replacements]
    .filter(([, replacement]) => replacement !== undefined)
    .map(
      ([char, replacement]) => `${showChar(char)} with ${replacement === "" ? "nothing" : JSON.stringify(replacement)}`,
    );
  const first = ucs2Characters[0];
  const finding: Finding = {
    severity: "info",
    code: "AT_BODY_NOT_GSM",
    path: "/body",
    message: `The message text uses ${listed}, not in the basic SMS alphabet (GSM-7). The whole message is then sent as UCS-2: 70 characters per SMS instead of 160.`,
    within: { start: first.index, end: first.index + first.char.length },
  };
  if (fixes.length > 0) finding.hint = `To keep 160 characters per SMS, replace ${fixes.join(", ")}.`;
  return [finding];
};

/** At most 40 characters of a match, for a message (a brace pair can hold a whole paragraph). */
function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A character as it can be read in a message: invisible ones by code point. */
function showChar(char: string): string {
  return /^[\p{Z}\p{C}]$/u.test(char) ? `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : char;
}
