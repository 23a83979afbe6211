/** text-send: delivery flags (`forceSend`, `addSubscriber`, `skipFatigue`). */
import type { Finding, Rule } from "../finding.js";

const TRANSACTIONAL_ONLY = {
  forceSend: "send to people who opted out",
  addSubscriber: "send to new subscribers",
} as const;

/** `forceSend` / `addSubscriber` set to true on a MARKETING message: Attentive ignores them. */
export const transactionalOnlyFlags: Rule = (payload) => {
  if (payload.subscriptionType !== "MARKETING" || (payload.forceSend !== true && payload.addSubscriber !== true)) {
    return [];
  }
  return (Object.keys(TRANSACTIONAL_ONLY) as (keyof typeof TRANSACTIONAL_ONLY)[])
    .filter((flag) => payload[flag] === true)
    .map(
      (flag): Finding => ({
        severity: "warning",
        code: "AT_TRANSACTIONAL_ONLY",
        path: `/${flag}`,
        message: `"${flag}" (${TRANSACTIONAL_ONLY[flag]}) only works for TRANSACTIONAL messages; on a MARKETING message it has no effect.`,
        hint: `Remove "${flag}", or send the message as TRANSACTIONAL if it really is one.`,
      }),
    );
};

/** Information: without `skipFatigue`, Attentive uses true, so the message ignores fatigue rules. */
export const skipFatigueExplicit: Rule = (payload) =>
  payload.skipFatigue === undefined
    ? [
        {
          severity: "info",
          code: "AT_SKIP_FATIGUE_DEFAULT",
          path: "/skipFatigue",
          message:
            'The payload has no "skipFatigue", and Attentive then uses true: the message goes out even to people who already got many messages recently.',
          hint: 'Add "skipFatigue": false to respect fatigue rules, or "skipFatigue": true to make the choice visible.',
        },
      ]
    : [];
