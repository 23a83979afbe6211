/** text-send: link shortening (`useShortLinks`, `messageName`) and the MMS image (`mediaUrl`). */
import { quote, type Rule } from "../finding.js";

/** Warning: `useShortLinks` is missing; the docs call it required (the spec does not). */
export const shortLinksPresent: Rule = (payload) =>
  payload.useShortLinks === undefined
    ? [
        {
          severity: "warning",
          code: "AT_SHORT_LINKS_MISSING",
          path: "/useShortLinks",
          message: 'The payload has no "useShortLinks". Attentive\'s docs say it is required.',
          hint: 'Add "useShortLinks": false, or true (with a "messageName") to shorten the links in the text.',
        },
      ]
    : [];

/** `useShortLinks: true` needs a non-empty `messageName`. */
export const shortLinksNeedName: Rule = (payload) => {
  if (payload.useShortLinks !== true) return [];
  const name = payload.messageName;
  if (typeof name === "string" && name.trim() !== "") return [];
  return [
    {
      severity: "error",
      code: "AT_SHORT_LINKS_NEED_NAME",
      path: name === undefined ? "/useShortLinks" : "/messageName",
      message: `"useShortLinks" is true, so Attentive needs a "messageName", but it is ${name === undefined ? "missing" : "empty"}.`,
      hint: 'Add a "messageName" to track the message (reuse names: Attentive limits how many different names you send per day), or set "useShortLinks" to false.',
    },
  ];
};

/** `mediaUrl`, when present, is a non-empty absolute http(s) URL. */
export const mediaUrlValid: Rule = (payload) => {
  const url = payload.mediaUrl;
  if (typeof url !== "string" || isWebUrl(url)) return [];
  const empty = url.trim() === "";
  return [
    {
      severity: "error",
      code: "AT_MEDIA_URL_INVALID",
      path: "/mediaUrl",
      message: empty
        ? '"mediaUrl" is empty. Attentive needs an image address when the field is there.'
        : `"mediaUrl" must be a full web address starting with https:// or http://, but it is ${quote(url)}.`,
      hint: empty
        ? 'Remove "mediaUrl" to send a plain SMS, or check that the image variable has a value.'
        : "Use the full address of the image, like https://cdn.example.com/image.jpg.",
    },
  ];
};

/** The last address checked, and the answer: a batch usually sends the same image to everyone. */
let lastUrl: string | undefined;
let lastAnswer = false;

/** `text` is an absolute http(s) URL with a host, and no spaces around it. */
export function isWebUrl(text: string): boolean {
  if (text === lastUrl) return lastAnswer;
  lastAnswer = parsesAsWebUrl(text);
  lastUrl = text;
  return lastAnswer;
}

function parsesAsWebUrl(text: string): boolean {
  if (text.trim() !== text) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}
