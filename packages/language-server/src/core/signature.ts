/** Signature help: the function whose argument list the cursor is in, and which argument. */
import type { SignatureHelp } from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";
import { functionDef } from "./samples.js";
import { scanTo } from "./scan.js";

const CLOSE = new Set(["RParen", "RBracket", "RCurly"]);
const OPEN = new Set(["LParen", "LBracket", "LCurly"]);

export function signatureHelp(analysis: Analysis, offset: number): SignatureHelp | null {
  const { tokens, tagStart } = scanTo(analysis, offset);
  if (tagStart < 0) return null;
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i > tagStart; i--) {
    const t = tokens[i].type;
    if (CLOSE.has(t)) depth++;
    else if (OPEN.has(t)) {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (t !== "LParen") return null;
      const callee = tokens[i - 1];
      const def =
        callee?.type === "Identifier" && tokens[i - 2]?.type !== "Dot" ? functionDef(callee.image) : undefined;
      if (!def) return null;
      // A parameter's label is a substring of the signature, so editors highlight it there.
      const params = def.params.map((p) => ({
        label: def.signature.includes(`${p.type} ${p.name}`) ? `${p.type} ${p.name}` : p.name,
      }));
      const restAt = def.params.findIndex((p) => p.rest);
      const active = restAt >= 0 && commas >= restAt ? restAt : commas;
      return {
        signatures: [
          {
            label: def.signature,
            documentation: { kind: "markdown", value: def.description },
            parameters: params,
            activeParameter: active,
          },
        ],
        activeSignature: 0,
        activeParameter: active,
      };
    } else if (t === "Comma" && depth === 0) commas++;
  }
  return null;
}
