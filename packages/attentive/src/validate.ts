/** Payload validation: JSON Schema (structure) plus semantic rules, as findings with JSON pointers. */
import type { Diagnostic } from "@zephyr/zephyr";
import { LineIndex } from "@zephyr/zephyr/internal";
import { type Clock, clockMillis } from "./clock.js";
import { checkEndpoint } from "./endpoint-check.js";
import { ENDPOINTS, type EndpointName } from "./endpoints.js";
import {
  capFindings,
  describeValue,
  type Finding,
  fieldName,
  isObject,
  type RuleContext,
  toDiagnostic,
} from "./finding.js";
import { type DuplicateKey, type JsonSyntaxError, parseJson } from "./json-locate.js";
import { schemaFindings } from "./schema.js";

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * Checks a payload for an endpoint. A string is parsed as JSON first (a syntax error is one `AT_JSON_SYNTAX`
 * diagnostic; duplicate keys are `AT_DUPLICATE_KEY` warnings). Errors come first, then warnings, then information.
 * `options.now` is the send time the event rules compare `occurredAt` with (default: the current time).
 */
export function validatePayload(json: unknown, endpoint: EndpointName, options: { now?: Clock } = {}): Diagnostic[] {
  checkEndpoint(endpoint, false);
  const context: RuleContext = { now: clockMillis(options.now) };
  if (typeof json !== "string") return checkPayload(json, endpoint, context).map(toDiagnostic);
  const parsed = parseJson(json);
  if (!parsed.ok) return [toDiagnostic(syntaxFinding(json, parsed.error))];
  return sortFindings([...duplicateFindings(parsed.duplicates), ...checkPayload(parsed.value, endpoint, context)]).map(
    toDiagnostic,
  );
}

/** Schema and rule findings for a parsed payload, errors first. */
export function checkPayload(
  value: unknown,
  endpoint: EndpointName,
  context: RuleContext = { now: Date.now() },
): Finding[] {
  if (!isObject(value)) {
    return [
      {
        severity: "error",
        code: "AT_PAYLOAD_NOT_OBJECT",
        path: "",
        message: `The payload must be a JSON object ({ ... }), but it is ${describeValue(value)}.`,
      },
    ];
  }
  const { rules, schemaFile } = ENDPOINTS[endpoint];
  const semantic: Finding[] = [];
  // Capped per rule: a body full of braces is a few findings and a count, not one per brace.
  for (let r = 0; r < rules.length; r++) {
    const found = rules[r](value, context);
    if (found.length === 0) continue;
    for (const finding of capFindings(found)) semantic.push(finding);
  }
  let structural = capFindings(schemaFindings(value, schemaFile));
  if (structural.length === 0) return sortFindings(semantic);
  if (semantic.length > 0) {
    const covered = new Set(semantic.map((f) => f.path));
    structural = structural.filter((f) => !covered.has(f.path));
  }
  return sortFindings([...structural, ...semantic]);
}

/** Sorts in place (stable): errors, then warnings, then information. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.length < 2 ? findings : findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** A JSON syntax error as a finding, with the line and column in the JSON text. */
export function syntaxFinding(text: string, error: JsonSyntaxError): Finding {
  const { line, column } = new LineIndex(text).position(error.offset);
  return {
    severity: "error",
    code: "AT_JSON_SYNTAX",
    message: `The payload is not valid JSON: ${error.message} (line ${line}, column ${column}).`,
    output: { start: error.offset, end: Math.min(error.offset + 1, text.length) },
  };
}

/** The duplicate-key findings of a parse, capped (see `capFindings`). */
export function duplicateFindings(duplicates: readonly DuplicateKey[]): Finding[] {
  return capFindings(duplicates.map(duplicateFinding));
}

export function duplicateFinding(duplicate: DuplicateKey): Finding {
  return {
    severity: "warning",
    code: "AT_DUPLICATE_KEY",
    path: duplicate.pointer,
    message: `The field "${fieldName(duplicate.pointer)}" appears more than once in the same object; only the last one counts.`,
    hint: "Remove the extra copy.",
    output: duplicate.key,
  };
}
