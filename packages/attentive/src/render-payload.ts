/** Payload mode: render a template, parse its output as JSON, validate it, and point every problem at the template. */
import {
  type Diagnostic,
  LineIndex,
  type RenderInput,
  type RenderOptions,
  type RenderResult,
  type Span,
} from "@zephyr/zephyr";
import type { EndpointName } from "./endpoints.js";
import { type Finding, isObject, toDiagnostic } from "./finding.js";
import { type JsonLocation, locate, parseJson } from "./json-locate.js";
import { type SmsEncoding, smsFacts, type Ucs2Character } from "./sms.js";
import { SpanMap } from "./span-map.js";
import { checkPayload, duplicateFinding, sortFindings, syntaxFinding } from "./validate.js";

/** What renderPayload needs of a compiled template (the engine's `Template` has this shape). */
export interface PayloadTemplate {
  readonly source: string;
  readonly filename?: string;
  render(input: RenderInput, options?: RenderOptions): RenderResult;
  renderAsync(input: RenderInput, options?: RenderOptions): Promise<RenderResult>;
}

export interface PayloadOptions extends RenderOptions {
  /** The endpoint to validate against; `none` renders only (default `text-send`). */
  endpoint?: EndpointName | "none";
  /** The brand name Attentive puts in front of every message, counted in `sms` (see `smsFacts`). */
  brand?: string;
}

export interface SmsSummary {
  encoding: SmsEncoding;
  units: number;
  segments: number;
  characters: number;
  ucs2Characters: Ucs2Character[];
}

export interface PayloadResult {
  /** No error diagnostic and not cancelled. */
  ok: boolean;
  cancelled?: { message: string; span?: Span };
  output: string;
  /** The parsed output; undefined when it is not valid JSON, when cancelled, or with endpoint `none`. */
  payload: unknown;
  diagnostics: Diagnostic[];
  /** SMS facts of `body`, for text-send payloads that have a text body. */
  sms?: SmsSummary;
}

/** Renders `template` as a payload and validates it. A ZephyrError from the render propagates. */
export function renderPayload(
  template: PayloadTemplate,
  input: RenderInput,
  options: PayloadOptions = {},
): PayloadResult {
  const { endpoint = "text-send", brand, ...renderOptions } = options;
  return analyse(template, template.render(input, { ...renderOptions, segments: true }), endpoint, brand);
}

/** `renderPayload` for templates that use asynchronous content providers. */
export async function renderPayloadAsync(
  template: PayloadTemplate,
  input: RenderInput,
  options: PayloadOptions = {},
): Promise<PayloadResult> {
  const { endpoint = "text-send", brand, ...renderOptions } = options;
  return analyse(template, await template.renderAsync(input, { ...renderOptions, segments: true }), endpoint, brand);
}

/**
 * Validates payload JSON text (a file, a request body) as if a template had produced it verbatim, so every
 * diagnostic's span points into the text itself, and text-send bodies get their SMS facts.
 */
export function validatePayloadText(
  text: string,
  options: { endpoint?: EndpointName; brand?: string; filename?: string } = {},
): PayloadResult {
  const whole: Span = new LineIndex(text).span(0, text.length);
  const source = { source: text, filename: options.filename };
  const rendered: RenderResult = {
    output: text,
    segments: [{ start: 0, end: text.length, kind: "text", span: whole }],
  };
  return analyse(source, rendered, options.endpoint ?? "text-send", options.brand);
}

const NO_LOCATIONS = new Map<string, JsonLocation>();

function analyse(
  template: { readonly source: string; readonly filename?: string },
  result: RenderResult,
  endpoint: EndpointName | "none",
  brand: string | undefined,
): PayloadResult {
  const { output, cancelled, segments } = result;
  if (cancelled) return { ok: false, cancelled, output, payload: undefined, diagnostics: [] };
  if (endpoint === "none") return { ok: true, output, payload: undefined, diagnostics: [] };
  const parsed = parseJson(output);
  let findings: Finding[];
  let locations = NO_LOCATIONS;
  let payload: unknown;
  if (parsed.ok) {
    payload = parsed.value;
    const checked = checkPayload(payload, endpoint);
    findings =
      parsed.duplicates.length === 0 ? checked : sortFindings([...parsed.duplicates.map(duplicateFinding), ...checked]);
    // The usual payload has nothing to report, and then the positions of its values are never needed.
    if (findings.length > 0) {
      const located = parsed.located ?? locate(output);
      if (located.ok) {
        locations = located.locations;
      } else {
        // Only if the locator and JSON.parse disagreed (they are tested not to): what the locator said before.
        payload = undefined;
        findings = [syntaxFinding(output, located.error)];
      }
    }
  } else {
    findings = [syntaxFinding(output, parsed.error)];
  }
  const diagnostics: Diagnostic[] = [];
  if (findings.length > 0) {
    const spans = new SpanMap(template, segments);
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding);
      const span = spans.forFinding(finding, output, locations);
      if (span) diagnostic.span = span;
      if (span && template.filename) diagnostic.file = template.filename;
      diagnostics.push(diagnostic);
    }
  }
  const payloadResult: PayloadResult = {
    ok: !diagnostics.some((d) => d.severity === "error"),
    output,
    payload,
    diagnostics,
  };
  if (endpoint === "text-send" && isObject(payload) && typeof payload.body === "string") {
    const { encoding, units, segments: parts, characters, ucs2Characters } = smsFacts(payload.body, { brand });
    payloadResult.sms = { encoding, units, segments: parts, characters, ucs2Characters };
  }
  return payloadResult;
}
