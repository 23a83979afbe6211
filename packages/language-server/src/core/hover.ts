/** Hover: functions (from the registry that generates docs/functions.md), variables, profile fields. */
import type { Hover } from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";
import type { ProjectContext } from "./context.js";
import { spanRange } from "./diagnostics.js";
import { chainBefore, functionDef, functionMarkdown, isName, sampleValue, showValue } from "./samples.js";

export function hover(analysis: Analysis, ctx: ProjectContext, offset: number): Hover | null {
  const tokens = analysis.tokens;
  const i = analysis.nameAt(offset);
  if (i < 0 || !isName(tokens[i])) return null;
  const tok = tokens[i];
  const range = spanRange(analysis, tok.offset, tok.end);
  const afterDot = tokens[i - 1]?.type === "Dot";
  if (!afterDot && tokens[i + 1]?.type === "LParen") {
    const def = functionDef(tok.image);
    if (def) return { contents: { kind: "markdown", value: functionMarkdown(def) }, range };
    return null;
  }
  if (tok.type !== "Identifier" && !afterDot) return null;
  const chain = chainBefore(tokens, i);
  const parts: string[] = [];
  const name = chain.join(".");
  parts.push(`\`${name}\``);
  if (chain.length === 1) {
    const assigned = analysis.assignments.filter((a) => a.name === tok.image);
    if (assigned.length) {
      const lines = assigned.map((a) => {
        const p = analysis.doc.positionAt(a.nameOffset);
        const tag = analysis.text.slice(a.span.offset, Math.min(a.span.endOffset, a.span.offset + 80)).split("\n")[0];
        return `- line ${p.line + 1}: \`${tag}\``;
      });
      parts.push(`Assigned at:\n${lines.join("\n")}`);
    }
  }
  const sample = sampleValue(ctx, chain);
  if (sample.found) parts.push(`Sample value:\n\`\`\`json\n${showValue(sample.value)}\n\`\`\``);
  else if (chain[0] === "profile" && ctx.profiles.length) parts.push("Not in the sample profile: it reads as null.");
  if (parts.length === 1) return null;
  return { contents: { kind: "markdown", value: parts.join("\n\n") }, range };
}
