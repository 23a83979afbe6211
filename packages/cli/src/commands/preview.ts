import type { PayloadResult } from "@zephyr/attentive";
import { ENDPOINTS, smsFacts } from "@zephyr/attentive/internal";
import { ZephyrError } from "@zephyr/zephyr";
import type { Command } from "commander";
import { EXIT } from "../errors.js";
import { formatDiagnostics, formatError } from "../report.js";
import { addRenderFlags, prepareRender, type RenderFlags } from "../setup.js";
import { type Style, styleFor } from "../style.js";
import { renderOnce } from "./render.js";

const WIDTH = 40;

export function registerPreview(program: Command): void {
  const cmd = program
    .command("preview")
    .description(
      "show the message as the recipient reads it: text, media, encoding, segments and every diagnostic (other endpoints: the request Attentive gets)",
    )
    .argument("<template>", "template file, or - for standard input");
  addRenderFlags(cmd, { platform: "stub" })
    .option("--brand <name>", "brand name Attentive prepends to every message (shown and counted)")
    .addHelpText(
      "after",
      `
Examples:
  $ zephyr preview welcome.zephyr --profile profile.json --brand Acme
  $ zephyr preview purchase.zephyr --endpoint purchase --profile profile.json

Only text-send sends a text message: for it, preview shows the phone bubble, encoding and segments. For the other
endpoints it shows the request (method, address, the payload's fields) and no SMS facts.

Exit codes: as render (0 ok, 1 invalid, 2 template error, 3 cancelled, 64 usage).`,
    )
    .action(async (template: string, flags: RenderFlags & { brand?: string }) => {
      const out = styleFor(process.stdout);
      try {
        const setup = await prepareRender(template, flags);
        const result = await renderOnce(setup, setup.profile, { brand: flags.brand });
        const view =
          setup.endpoint === "none" || ENDPOINTS[setup.endpoint].sms
            ? previewText(result, flags.brand, out)
            : requestText(result, setup.endpoint, out);
        process.stdout.write(`${view}\n`);
        if (!result.cancelled) process.stdout.write(`${verdict(result, setup.endpoint, out)}\n`);
        if (result.diagnostics.length) {
          process.stdout.write(
            `\n${formatDiagnostics(result.diagnostics, setup.template.source, setup.template.filename, out)}\n`,
          );
        }
        process.exitCode = result.cancelled ? EXIT.CANCELLED : result.ok ? EXIT.OK : EXIT.INVALID;
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        process.stderr.write(`${formatError(e, styleFor(process.stderr))}\n`);
        process.exitCode = EXIT.TEMPLATE_ERROR;
      }
    });
}

/** The phone-bubble view of a rendered payload. */
export function previewText(result: PayloadResult, brand: string | undefined, style: Style): string {
  if (result.cancelled)
    return `${style.yellow("cancelled")}: ${result.cancelled.message || "(no message)"} — nothing would be sent`;
  const payload = result.payload as Record<string, unknown> | undefined;
  if (!payload || typeof payload !== "object")
    return `${style.red("no payload")}: the output is not a JSON object (see the diagnostics below)`;
  const body = typeof payload.body === "string" ? payload.body : "";
  const text = brand ? `${brand}: ${body}` : body;
  const facts = smsFacts(body, { brand });
  const flagged = new Set(facts.ucs2Characters.map((c) => (c.inBrand ? -1 : c.index + (brand ? brand.length + 2 : 0))));
  const lines: string[] = [];
  const to =
    payload.to ??
    (payload.subscriberExternalId !== undefined ? `subscriber ${payload.subscriberExternalId}` : "(no recipient)");
  lines.push(style.dim(`To ${String(to)} · ${String(payload.subscriptionType ?? "?")}`));
  lines.push(`╭${"─".repeat(WIDTH + 2)}╮`);
  for (const row of wrap(text, WIDTH)) {
    const shown = [...row.text]
      .map((ch, i) => (flagged.has(row.offset + offsetOf(row.text, i)) ? style.inverse(ch) : ch))
      .join("");
    lines.push(`│ ${shown}${" ".repeat(Math.max(0, WIDTH - [...row.text].length))} │`);
  }
  lines.push(`╰${"─".repeat(WIDTH + 2)}╯`);
  if (typeof payload.mediaUrl === "string" && payload.mediaUrl) lines.push(`📎 MMS media: ${payload.mediaUrl}`);
  const per =
    facts.segments > 1 ? `${facts.unitsPerSegment} per segment` : `${facts.encoding === "GSM-7" ? 160 : 70} fit in one`;
  lines.push(
    `${facts.encoding} · ${facts.characters} characters · ${facts.units} ${facts.encoding === "GSM-7" ? "septets" : "UTF-16 units"} · ${style.bold(`${facts.segments} segment${facts.segments === 1 ? "" : "s"}`)} (${per})`,
  );
  if (facts.ucs2Characters.length) {
    const list = facts.ucs2Characters.map(
      (c) =>
        `${style.inverse(c.char)} U+${c.codePoint.toString(16).toUpperCase().padStart(4, "0")}${c.replacement !== undefined ? ` → ${JSON.stringify(c.replacement)}` : ""}`,
    );
    lines.push(`UCS-2 because of: ${list.join(", ")}`);
  }
  return lines.join("\n");
}

/**
 * The view of a payload that is not a text message (subscriptions, events, attributes): the request Attentive gets,
 * with the payload pretty-printed. No SMS facts: nothing here is a text the recipient reads.
 */
export function requestText(result: PayloadResult, endpoint: keyof typeof ENDPOINTS, style: Style): string {
  if (result.cancelled)
    return `${style.yellow("cancelled")}: ${result.cancelled.message || "(no message)"} — nothing would be sent`;
  const payload = result.payload;
  if (!payload || typeof payload !== "object" || Array.isArray(payload))
    return `${style.red("no payload")}: the output is not a JSON object (see the diagnostics below)`;
  const { method, url, summary } = ENDPOINTS[endpoint];
  return [
    style.dim(`${method} ${url} (${summary}; no text message of its own, so no SMS facts)`),
    JSON.stringify(payload, null, 2),
  ].join("\n");
}

/** One line: is the payload valid for its endpoint, and how many problems were found. */
function verdict(result: PayloadResult, endpoint: string, style: Style): string {
  if (endpoint === "none") return style.dim("(not validated: --endpoint none)");
  const n = (severity: string) => result.diagnostics.filter((d) => d.severity === severity).length;
  const counts = `${n("error")} errors, ${n("warning")} warnings`;
  return result.ok
    ? style.green(`✓ valid ${endpoint} payload (${counts})`)
    : style.red(`✗ invalid ${endpoint} payload (${counts})`);
}

/** UTF-16 offset of the i-th code point of s. */
function offsetOf(s: string, i: number): number {
  let offset = 0;
  let n = 0;
  for (const ch of s) {
    if (n++ === i) return offset;
    offset += ch.length;
  }
  return offset;
}

/** Word-wraps text to `width` code points, keeping its line breaks; each row knows its UTF-16 offset in `text`. */
function wrap(text: string, width: number): { text: string; offset: number }[] {
  const rows: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const line of text.split("\n")) {
    let rest = line;
    let at = offset;
    do {
      const cps = [...rest];
      if (cps.length <= width) {
        rows.push({ text: rest, offset: at });
        break;
      }
      let cut = cps.slice(0, width).join("").lastIndexOf(" ");
      if (cut <= 0) cut = cps.slice(0, width).join("").length;
      rows.push({ text: rest.slice(0, cut), offset: at });
      const skip = rest[cut] === " " ? 1 : 0;
      at += cut + skip;
      rest = rest.slice(cut + skip);
    } while (rest.length > 0);
    offset += line.length + 1;
  }
  return rows;
}
