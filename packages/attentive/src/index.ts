export type { Clock } from "./clock.js";
export { ENDPOINT_NAMES, ENDPOINTS, type Endpoint, type EndpointName, isEndpointName } from "./endpoints.js";
export type { Finding, Rule, RuleContext, TextRange } from "./finding.js";
export {
  type DuplicateKey,
  type JsonLocation,
  type JsonSyntaxError,
  type LocateResult,
  locate,
  stringOffset,
} from "./json-locate.js";
export {
  type PayloadOptions,
  type PayloadResult,
  type PayloadTemplate,
  renderPayload,
  renderPayloadAsync,
  type SmsSummary,
  validatePayloadText,
} from "./render-payload.js";
export { type SmsEncoding, type SmsFacts, type SmsOptions, smsFacts, type Ucs2Character } from "./sms.js";
export { validatePayload } from "./validate.js";
