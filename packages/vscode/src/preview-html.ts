/**
 * The payload preview's page: the phone (media and text, UCS-2 culprits marked), the SMS facts, the diagnostics and
 * the payload. Static HTML (the webview runs no script); every piece of template output is escaped. No `vscode` import.
 */
import type { PreviewResult, Ucs2Culprit } from "./render.js";

export interface PreviewMeta {
  /** The template's file name. */
  title: string;
  /** The profile used, as the user chose it (a path or the configuration's sample). */
  profile: string;
  /** Who rendered: the language server (with the project configuration) or the extension with the engine. */
  renderedBy: "language server" | "engine";
  /** The webview's CSP source (`webview.cspSource`) and a fresh nonce for the style element. */
  cspSource: string;
  nonce: string;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;

/** The body with its UCS-2 culprits in <mark>, escaped. */
function markedBody(body: string, culprits: readonly Ucs2Culprit[]): string {
  let html = "";
  let at = 0;
  for (const c of [...culprits].sort((a, b) => a.index - b.index)) {
    if (c.index < at || c.index > body.length || typeof c.char !== "string") continue;
    const fix =
      c.replacement === undefined
        ? "no GSM-7 equivalent"
        : c.replacement === ""
          ? "delete it to stay in GSM-7"
          : `use ${JSON.stringify(c.replacement)} to stay in GSM-7`;
    html += escapeHtml(body.slice(at, c.index));
    html += `<mark title="${escapeHtml(`${hex(c.codePoint)} is not in GSM-7: the text is sent as UCS-2 (${fix})`)}">${escapeHtml(c.char)}</mark>`;
    at = c.index + c.char.length;
  }
  return html + escapeHtml(body.slice(at));
}

function field(payload: unknown, name: string): string | undefined {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return undefined;
  const v = (payload as Record<string, unknown>)[name];
  return typeof v === "string" ? v : undefined;
}

function phone(result: PreviewResult): string {
  if (result.cancelled)
    return `<div class="notice"><strong>Not sent:</strong> cancelled by the template — ${escapeHtml(result.cancelled.message || "(no message)")}</div>`;
  const body = field(result.payload, "body");
  const media = field(result.payload, "mediaUrl");
  let html = "";
  if (media && /^https:\/\//i.test(media))
    html += `<figure><img alt="MMS picture" referrerpolicy="no-referrer" src="${escapeHtml(media)}"><figcaption>${escapeHtml(media)}</figcaption></figure>`;
  else if (media) html += `<figure><figcaption>${escapeHtml(media)}</figcaption></figure>`;
  if (body !== undefined) html += `<div class="bubble">${markedBody(body, result.sms?.ucs2Characters ?? [])}</div>`;
  else if (!media) html += `<div class="notice">No message: the payload has no text <code>body</code>.</div>`;
  return html;
}

function facts(result: PreviewResult): string {
  const sms = result.sms;
  if (!sms) return "";
  const parts = [
    `<dt>Encoding</dt><dd>${escapeHtml(sms.encoding)}</dd>`,
    sms.characters === undefined ? "" : `<dt>Characters</dt><dd>${sms.characters}</dd>`,
    `<dt>Units</dt><dd>${sms.units}</dd>`,
    `<dt>Segments</dt><dd>${sms.segments}</dd>`,
  ];
  return `<dl class="facts">${parts.join("")}</dl>`;
}

function diagnostics(result: PreviewResult): string {
  if (result.diagnostics.length === 0) return `<p class="ok">No problems.</p>`;
  const items = result.diagnostics.map((d) => {
    const where = d.span ? `${d.span.line}:${d.span.column}` : "";
    const path = d.path ? ` <code>${escapeHtml(d.path)}</code>` : "";
    const hint = d.hint ? `<div class="hint">${escapeHtml(d.hint)}</div>` : "";
    return `<li class="${escapeHtml(d.severity)}"><span class="sev">${escapeHtml(d.severity)}</span> <code>${escapeHtml(d.code)}</code>${path} ${escapeHtml(d.message)}${where ? ` <span class="where">(line ${escapeHtml(where)})</span>` : ""}${hint}</li>`;
  });
  return `<ul class="diagnostics">${items.join("")}</ul>`;
}

function payloadText(result: PreviewResult): string {
  if (result.payload !== null && result.payload !== undefined) return JSON.stringify(result.payload, null, 2);
  return result.output ?? "";
}

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em 2em; }
header { display: flex; gap: 1em; align-items: baseline; flex-wrap: wrap; }
.status { font-weight: bold; }
.status.ok { color: var(--vscode-testing-iconPassed, green); }
.status.bad { color: var(--vscode-errorForeground, red); }
.meta { opacity: 0.8; }
.phone { width: 300px; min-height: 160px; border: 2px solid var(--vscode-panel-border, #888); border-radius: 24px;
  padding: 24px 14px; background: var(--vscode-editor-background); }
.bubble { background: var(--vscode-badge-background, #ddd); color: var(--vscode-badge-foreground, #000);
  border-radius: 14px; padding: 8px 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
figure { margin: 0 0 8px; } figure img { max-width: 100%; border-radius: 10px; }
figcaption { font-size: 0.8em; opacity: 0.7; overflow-wrap: anywhere; }
mark { background: var(--vscode-editorWarning-foreground, orange); color: #000; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; }
.facts dt { opacity: 0.8; } .facts dd { margin: 0; }
.diagnostics { padding-left: 1.2em; } .diagnostics li { margin: 4px 0; }
.diagnostics .error .sev { color: var(--vscode-errorForeground, red); }
.diagnostics .warning .sev { color: var(--vscode-editorWarning-foreground, orange); }
.hint { opacity: 0.8; font-style: italic; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; }
.notice { padding: 8px; border-left: 3px solid var(--vscode-editorWarning-foreground, orange); }
`;

/** The whole page. Its Content-Security-Policy allows no script, its own style element, and https/data images. */
export function previewHtml(result: PreviewResult, meta: PreviewMeta): string {
  const nonce = escapeHtml(meta.nonce);
  const csp = `default-src 'none'; img-src https: data: ${meta.cspSource}; style-src 'nonce-${nonce}';`;
  const status = result.cancelled ? "cancelled" : result.ok ? "ok" : "not valid";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: ${escapeHtml(meta.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
<h2>${escapeHtml(meta.title)}</h2>
<span class="status ${result.ok ? "ok" : "bad"}">${status}</span>
<span class="meta">profile: ${escapeHtml(meta.profile)} · rendered by the ${escapeHtml(meta.renderedBy)}</span>
</header>
<section><h3>Phone</h3><div class="phone">${phone(result)}</div>${facts(result)}</section>
<section><h3>Diagnostics</h3>${diagnostics(result)}</section>
<section><h3>Payload</h3><pre>${escapeHtml(payloadText(result))}</pre></section>
</body>
</html>
`;
}
