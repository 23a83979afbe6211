// The public API (design.md §5a): render a template to an Attentive payload and validate it, or validate a payload
// built elsewhere. Helpers shared with this project's other packages live on `@zephyr/attentive/internal`.
export type { Diagnostic, Severity } from "@zephyr/zephyr";
export type { Clock } from "./clock.js";
export { ENDPOINT_NAMES, type EndpointName, isEndpointName } from "./endpoints.js";
export {
  type PayloadOptions,
  type PayloadResult,
  type PayloadTemplate,
  renderPayload,
  renderPayloadAsync,
  type SmsSummary,
} from "./render-payload.js";
export { validatePayload } from "./validate.js";
