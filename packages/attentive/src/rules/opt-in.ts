/** subscriptions: `singleOptIn` skips the "Reply Y" confirmation text, a compliance decision. */
import type { Rule } from "../finding.js";

/** Information when `singleOptIn` is true. */
export const singleOptIn: Rule = (payload) =>
  payload.singleOptIn === true
    ? [
        {
          severity: "info",
          code: "AT_SINGLE_OPT_IN",
          path: "/singleOptIn",
          message:
            '"singleOptIn" is true: the person is subscribed without the "Reply Y" confirmation text (the legal message is still sent).',
          hint: "Attentive asks you to agree this with them before using it; false is the default.",
        },
      ]
    : [];
