/** Endpoint names given by API callers are checked once, at the entry points, against the endpoint table. */
import { ZephyrError } from "@zephyr/zephyr";
import { closest } from "@zephyr/zephyr/internal";
import { ENDPOINT_NAMES, type EndpointName, isEndpointName } from "./endpoints.js";

/**
 * `name` when it is an endpoint of the table (or `none`, where rendering without validation is allowed);
 * otherwise a `ZE_UNKNOWN_ENDPOINT` error that lists the valid names.
 */
export function checkEndpoint(name: unknown, allowNone: true): EndpointName | "none";
export function checkEndpoint(name: unknown, allowNone: false): EndpointName;
export function checkEndpoint(name: unknown, allowNone: boolean): EndpointName | "none" {
  if (isEndpointName(name) || (allowNone && name === "none")) {
    return name as EndpointName | "none";
  }
  const valid = allowNone ? [...ENDPOINT_NAMES, "none"] : [...ENDPOINT_NAMES];
  const guess = typeof name === "string" ? closest(name, valid) : undefined;
  throw new ZephyrError({
    code: "ZE_UNKNOWN_ENDPOINT",
    message: `unknown endpoint ${typeof name === "string" ? `'${name}'` : String(name)}: the endpoints are ${valid.join(", ")}`,
    ...(guess === undefined ? {} : { hint: `did you mean '${guess}'?` }),
  });
}
