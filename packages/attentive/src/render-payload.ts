/** Payload mode: render a template, parse its output as JSON, validate it, and point every problem at the template. */
import type { Diagnostic, RenderInput, RenderOptions, RenderResult, Span } from "@zephyr/zephyr";
import { LineIndex } from "@zephyr/zephyr/internal";
import { type Clock, clockMillis } from "./clock.js";
import { checkEndpoint } from "./endpoint-check.js";
import { ENDPOINTS, type EndpointName } from "./endpoints.js";
import { type Finding, isObject, toDiagnostic } from "./finding.js";
import { type JsonLocation, locate, type ParsedJson, parseJson } from "./json-locate.js";
import { type SmsEncoding, smsFacts, type Ucs2Character } from "./sms.js";
import { SpanMap } from "./span-map.js";
import { checkPayload, duplicateFindings, sortFindings, syntaxFinding } from "./validate.js";

/** What renderPayload needs of a compiled template (the engine's `Template` has this shape). */
export interface PayloadTemplate {
  readonly source: string;
  readonly filename?: string | undefined;
  render(input: RenderInput, options?: RenderOptions): RenderResult;
  renderAsync(input: RenderInput, options?: RenderOptions): Promise<RenderResult>;
}

export interface PayloadOptions extends RenderOptions {
  /** The endpoint to validate against; `none` renders only (default `text-send`). */
  endpoint?: EndpointName | "none";
  /** The brand name Attentive puts in front of every message, counted in `sms` (see `smsFacts`). */
  brand?: string;
  /**
   * Whether to compute `sms`, the SMS facts of a text-send body (default true). False saves that work for callers
   * that do not use them, like `zephyr batch`; the diagnostics are the same either way.
   */
  sms?: boolean;
  /**
   * Render without segments, and render again with them only when the payload has a diagnostic to point at the
   * template (the usual payload has none, and recording segments costs a little on every render). The second render
   * must reproduce the first: same input, same options, a fixed clock. If its output differs anyway, the result is
   * that of the second render alone. Default: true when `now` is set and there is no `provider` (a provider, or a
   * custom function, would be called twice for a payload with diagnostics); set it when the provider is pure.
   */
  lateSegments?: boolean;
  /**
   * `all` (default): every diagnostic points at the template (`span`, and `file` when the template has a name).
   * `rejected`: only when the payload is not ok (it has an error); the warnings and information of an ok payload
   * come without `span` and `file`, which saves locating the output's values (and, with `lateSegments`, the second
   * render). For callers that keep the diagnostics of rejected payloads only, like `zephyr batch`.
   */
  spans?: "all" | "rejected";
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
  /** SMS facts of `body`, for text-send payloads that have a text body (unless the `sms` option is false). */
  sms?: SmsSummary;
}

/** Renders `template` as a payload and validates it. A ZephyrError from the render propagates. */
export function renderPayload(
  template: PayloadTemplate,
  input: RenderInput,
  options: PayloadOptions = {},
): PayloadResult {
  const endpoint = checkEndpoint(options.endpoint ?? "text-send", true);
  const late = endpoint !== "none" && lateSegments(options);
  const result = template.render(input, renderOptions(options, endpoint !== "none" && !late));
  const first = firstPass(template, result, endpoint, late, options);
  if (!("findings" in first)) return withNotices(first, result);
  const again = template.render(input, renderOptions(options, true));
  return withNotices(secondPass(template, first, again, endpoint, options), result);
}

/** `renderPayload` for templates that use asynchronous content providers. */
export async function renderPayloadAsync(
  template: PayloadTemplate,
  input: RenderInput,
  options: PayloadOptions = {},
): Promise<PayloadResult> {
  const endpoint = checkEndpoint(options.endpoint ?? "text-send", true);
  const late = endpoint !== "none" && lateSegments(options);
  const result = await template.renderAsync(input, renderOptions(options, endpoint !== "none" && !late));
  const first = firstPass(template, result, endpoint, late, options);
  if (!("findings" in first)) return withNotices(first, result);
  const again = await template.renderAsync(input, renderOptions(options, true));
  return withNotices(secondPass(template, first, again, endpoint, options), result);
}

/** The render's own notices (severity info, e.g. platform stubs) join the diagnostics, after the payload's. */
function withNotices(payload: PayloadResult, render: RenderResult): PayloadResult {
  if (render.notices !== undefined) payload.diagnostics.push(...render.notices);
  return payload;
}

/**
 * The first render checked: the final result, or (with late segments, when findings are to point at the template)
 * the checked payload, whose findings are placed by a second render with segments.
 */
function firstPass(
  template: PayloadTemplate,
  result: RenderResult,
  endpoint: EndpointName | "none",
  late: boolean,
  options: PayloadOptions,
): PayloadResult | Checked {
  const checked = check(result, endpoint, options.now);
  if (!("findings" in checked)) return checked;
  if (!placed(checked, options)) return finish(template, checked, undefined, endpoint, options);
  if (!late) return finish(template, checked, result.segments, endpoint, options);
  return checked;
}

/** Places the first render's findings with the second render's segments; an output that differs stands alone. */
function secondPass(
  template: PayloadTemplate,
  checked: Checked,
  again: RenderResult,
  endpoint: EndpointName | "none",
  options: PayloadOptions,
): PayloadResult {
  if (again.output !== checked.output || again.cancelled) return analyse(template, again, endpoint, options);
  return finish(template, checked, again.segments, endpoint, options);
}

function lateSegments(options: PayloadOptions): boolean {
  if (options.segments === true) return false;
  return options.lateSegments ?? (options.now !== undefined && options.provider === undefined);
}

/**
 * The engine's options out of payload options, as a literal of one shape: spreading the caller's object (or taking
 * the rest of it apart) per render cost more than the render itself. Every `RenderOptions` key must be listed here
 * (the `satisfies` check fails to compile when the engine gains one).
 */
function renderOptions(o: PayloadOptions, segments: boolean): RenderOptions {
  return {
    provider: o.provider,
    now: o.now,
    tz: o.tz,
    seed: o.seed,
    strict: o.strict,
    escape: o.escape,
    limits: o.limits,
    snippets: o.snippets,
    segments,
    platform: o.platform,
  } satisfies Record<keyof RenderOptions, unknown>;
}

/**
 * Validates payload JSON text (a file, a request body) as if a template had produced it verbatim, so every
 * diagnostic's span points into the text itself, and text-send bodies get their SMS facts.
 */
export function validatePayloadText(
  text: string,
  options: { endpoint?: EndpointName; brand?: string; filename?: string; now?: Clock } = {},
): PayloadResult {
  const whole: Span = new LineIndex(text).span(0, text.length);
  const source = { source: text, filename: options.filename };
  const rendered: RenderResult = {
    output: text,
    segments: [{ start: 0, end: text.length, kind: "text", span: whole }],
  };
  return analyse(source, rendered, checkEndpoint(options.endpoint ?? "text-send", false), options);
}

const NO_LOCATIONS = new Map<string, JsonLocation>();

/** A payload parsed and checked, before its findings are placed in the template. */
interface Checked {
  output: string;
  payload: unknown;
  findings: Finding[];
  parsed: ParsedJson;
}

/** Checks a render's output and places its findings (the render recorded segments). */
function analyse(
  template: { readonly source: string; readonly filename?: string | undefined },
  result: RenderResult,
  endpoint: EndpointName | "none",
  options: Pick<PayloadOptions, "brand" | "sms" | "spans" | "now">,
): PayloadResult {
  const checked = check(result, endpoint, options.now);
  if (!("findings" in checked)) return checked;
  return finish(template, checked, placed(checked, options) ? result.segments : undefined, endpoint, options);
}

/**
 * The final result of a cancelled render or of endpoint `none`; otherwise the output parsed and checked, against
 * the render clock `now` (the rules compare `occurredAt` with it).
 */
function check(result: RenderResult, endpoint: EndpointName | "none", now: Clock | undefined): PayloadResult | Checked {
  const { output, cancelled } = result;
  if (cancelled) return { ok: false, cancelled, output, payload: undefined, diagnostics: [] };
  if (endpoint === "none") return { ok: true, output, payload: undefined, diagnostics: [] };
  const parsed = parseJson(output);
  if (!parsed.ok) return { output, payload: undefined, findings: [syntaxFinding(output, parsed.error)], parsed };
  const checked = checkPayload(parsed.value, endpoint, { now: clockMillis(now) });
  const findings =
    parsed.duplicates.length === 0 ? checked : sortFindings([...duplicateFindings(parsed.duplicates), ...checked]);
  return { output, payload: parsed.value, findings, parsed };
}

/** Whether the findings are to point at the template (see `PayloadOptions.spans`). */
function placed({ findings }: Checked, { spans }: Pick<PayloadOptions, "spans">): boolean {
  if (findings.length === 0) return false;
  return spans !== "rejected" || findings.some((f) => f.severity === "error");
}

/**
 * The result: the findings as diagnostics, pointing at the template through `segments` when given, and the SMS
 * facts.
 */
function finish(
  template: { readonly source: string; readonly filename?: string | undefined },
  { output, payload, findings, parsed }: Checked,
  segments: RenderResult["segments"] | undefined,
  endpoint: EndpointName | "none",
  { brand, sms }: Pick<PayloadOptions, "brand" | "sms">,
): PayloadResult {
  const diagnostics: Diagnostic[] = [];
  if (segments) {
    // The positions of the output's values, found only now: the usual payload has nothing to place.
    let locations = NO_LOCATIONS;
    if (parsed.ok) {
      const located = parsed.located ?? locate(output);
      if (located.ok) {
        locations = located.locations;
      } else {
        // Only if the locator and JSON.parse disagreed (they are tested not to): what the locator said before.
        payload = undefined;
        findings = [syntaxFinding(output, located.error)];
      }
    }
    const spans = new SpanMap(template, segments);
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding);
      const span = spans.forFinding(finding, output, locations);
      if (span) diagnostic.span = span;
      if (span && template.filename) diagnostic.file = template.filename;
      diagnostics.push(diagnostic);
    }
  } else {
    for (const finding of findings) diagnostics.push(toDiagnostic(finding));
  }
  const payloadResult: PayloadResult = {
    ok: !diagnostics.some((d) => d.severity === "error"),
    output,
    payload,
    diagnostics,
  };
  if (
    sms !== false &&
    endpoint !== "none" &&
    ENDPOINTS[endpoint].sms &&
    isObject(payload) &&
    typeof payload.body === "string"
  ) {
    const { encoding, units, segments: parts, characters, ucs2Characters } = smsFacts(payload.body, { brand });
    payloadResult.sms = { encoding, units, segments: parts, characters, ucs2Characters };
  }
  return payloadResult;
}
