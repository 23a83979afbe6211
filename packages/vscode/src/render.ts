/**
 * The render behind the payload preview. The language server renders with the project's configuration
 * (`zephyr/renderPayload`, below); when it cannot (not running, or a server without that request), the extension
 * renders in its own process with the engine's public API and the chosen profile. No `vscode` import.
 */
import { renderPayloadAsync } from "@zephyr/attentive";
import { compile, type Diagnostic, ZephyrError } from "@zephyr/zephyr";

/** A UCS-2 culprit in the SMS body (as `smsFacts` reports it). */
export interface Ucs2Culprit {
  char: string;
  codePoint: number;
  index: number;
  replacement?: string;
}

/** What the preview shows: the `--format json` report of `zephyr render` (design.md §5) and the SMS facts. */
export interface PreviewResult {
  ok: boolean;
  cancelled?: { message: string };
  output: string | null;
  payload: unknown;
  diagnostics: Diagnostic[];
  sms?: { encoding: string; units: number; segments: number; characters?: number; ucs2Characters?: Ucs2Culprit[] };
}

/**
 * The custom request the preview sends the language server: render the open document (its current text) as the
 * project's configuration says, with `profile` (a file path) instead of the configured sample profile when given.
 * The answer is a `PreviewResult`. The extension sends it only to a server whose initialize result has
 * `capabilities.experimental.zephyr.renderPayload: true`; otherwise (or on MethodNotFound) it renders in process.
 */
export const RENDER_REQUEST = "zephyr/renderPayload";

/** Whether server capabilities advertise `RENDER_REQUEST` (`experimental.zephyr.renderPayload: true`). */
export function advertisesRender(capabilities: unknown): boolean {
  const experimental = (capabilities as { experimental?: unknown } | undefined)?.experimental;
  const zephyr = (experimental as { zephyr?: unknown } | undefined)?.zephyr;
  return (zephyr as { renderPayload?: unknown } | undefined)?.renderPayload === true;
}

export interface RenderPayloadParams {
  textDocument: { uri: string };
  profile?: string;
}

/** Renders `source` as a text-send payload with `profile`, as `zephyr render --format json` would report it. */
export async function renderInProcess(
  source: string,
  filename: string,
  profile?: Record<string, unknown>,
): Promise<PreviewResult> {
  try {
    const template = compile(source, { filename });
    const r = await renderPayloadAsync(template, { profile }, { endpoint: "text-send" });
    const result: PreviewResult = {
      ok: r.ok,
      output: r.output,
      payload: r.payload ?? null,
      diagnostics: r.diagnostics,
    };
    if (r.cancelled) result.cancelled = { message: r.cancelled.message };
    if (r.sms) result.sms = { ...r.sms };
    return result;
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    const errors = e.related.length > 0 ? e.related : [e];
    return { ok: false, output: null, payload: null, diagnostics: errors.map((x) => x.toDiagnostic()) };
  }
}

/** A request's answer checked for the fields the preview reads (a server from another version may differ). */
export function asPreviewResult(value: unknown): PreviewResult | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Partial<PreviewResult>;
  if (typeof v.ok !== "boolean" || !Array.isArray(v.diagnostics)) return undefined;
  return {
    ...v,
    ok: v.ok,
    output: typeof v.output === "string" ? v.output : null,
    payload: v.payload ?? null,
    diagnostics: v.diagnostics,
  };
}
