// Helpers shared between this project's own packages (the CLI, the language server). Not part of the public API:
// names here may change in any release. Everything on the main entry is here too.

export { checkEndpoint } from "./endpoint-check.js";
export { ENDPOINTS, type Endpoint } from "./endpoints.js";
export type { Finding, Rule, RuleContext, TextRange } from "./finding.js";
export * from "./index.js";
export {
  type DuplicateKey,
  type JsonLocation,
  type JsonSyntaxError,
  type LocateResult,
  locate,
  stringOffset,
} from "./json-locate.js";
export { validatePayloadText } from "./render-payload.js";
export { type SmsEncoding, type SmsFacts, type SmsOptions, smsFacts, type Ucs2Character } from "./sms.js";
