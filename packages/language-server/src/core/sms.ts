/** The SMS facts of the sample render's body, as a code lens on the template's `"body"` line. */
import type { PayloadResult } from "@zephyr/attentive/internal";
import type { CodeLens } from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";

export function smsTitle(sms: NonNullable<PayloadResult["sms"]>): string {
  const parts = [
    `SMS: ${sms.encoding}`,
    `${sms.characters} character${sms.characters === 1 ? "" : "s"}`,
    `${sms.segments} segment${sms.segments === 1 ? "" : "s"}`,
  ];
  if (sms.encoding === "UCS-2" && sms.ucs2Characters.length) {
    const culprits = [...new Map(sms.ucs2Characters.map((c) => [c.char, c])).values()].slice(0, 5);
    parts.push(
      `UCS-2 because of ${culprits
        .map(
          (c) =>
            `${c.char} (U+${c.codePoint.toString(16).toUpperCase().padStart(4, "0")})${c.replacement !== undefined ? ` → ${c.replacement}` : ""}`,
        )
        .join(", ")}`,
    );
  }
  return parts.join(" · ");
}

/** The offset of the `"body"` key in the literal JSON around the tags, or -1. */
export function bodyKeyOffset(analysis: Analysis): number {
  for (const t of analysis.tokens) {
    if (t.type !== "Text") continue;
    const m = /"body"\s*:/.exec(t.image);
    if (m) return t.offset + m.index;
  }
  return -1;
}

export function smsLens(analysis: Analysis, payload: PayloadResult | undefined): CodeLens[] {
  if (!payload?.sms) return [];
  const at = bodyKeyOffset(analysis);
  if (at < 0) return [];
  const start = analysis.doc.positionAt(at);
  return [
    {
      range: { start, end: { line: start.line, character: start.character + 6 } },
      command: { title: smsTitle(payload.sms), command: "" },
      data: { sms: payload.sms },
    },
  ];
}
