/** Semantic tokens from the engine's own lexer. */

import { TextDocument } from "vscode-languageserver-textdocument";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver-types";
import { Analysis, KEYWORD_TOKENS } from "./analysis.js";

export const TOKEN_TYPES = [
  "comment",
  "string",
  "number",
  "keyword",
  "variable",
  "function",
  "property",
  "operator",
  "macro",
];
export const TOKEN_MODIFIERS = ["defaultLibrary", "readonly"];
export const LEGEND: SemanticTokensLegend = { tokenTypes: TOKEN_TYPES, tokenModifiers: TOKEN_MODIFIERS };

const TYPE = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<string, number>;
const OPERATORS = new Set([
  "Eq",
  "NotEq",
  "LtEq",
  "GtEq",
  "Lt",
  "Gt",
  "AndAnd",
  "OrOr",
  "Bang",
  "Plus",
  "Minus",
  "Star",
  "Slash",
  "Percent",
  "Assign",
  "Question",
  "Colon",
]);
const DELIMITERS = new Set(["TagOpen", "DoubleOpen", "RCurly", "DoubleClose", "StrayRCurly"]);
const STANDARD = new Set(["profile", "email"]);

/** One classified token: a kind from TOKEN_TYPES, and its offsets. */
export interface ClassifiedToken {
  kind: string;
  offset: number;
  end: number;
  modifiers: string[];
}

/** Every token of the template with a kind (text between tags has none and is left out). */
export function classifyTokens(analysis: Analysis): ClassifiedToken[] {
  const tokens = analysis.tokens;
  const out: ClassifiedToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let kind: string | undefined;
    const modifiers: string[] = [];
    if (t.type === "Comment" || t.type === "UnclosedComment") kind = "comment";
    else if (t.type === "StringLiteral" || t.type === "UnclosedString") kind = "string";
    else if (t.type === "NumberLiteral") kind = "number";
    else if (OPERATORS.has(t.type)) kind = "operator";
    else if (DELIMITERS.has(t.type)) kind = "macro";
    else if (t.type === "Identifier" || KEYWORD_TOKENS.has(t.type)) {
      const prev = tokens[i - 1]?.type;
      if (prev === "Dot") kind = "property";
      else if (t.type !== "Identifier") kind = "keyword";
      else if (tokens[i + 1]?.type === "LParen") {
        kind = "function";
        modifiers.push("defaultLibrary");
      } else {
        kind = "variable";
        if (STANDARD.has(t.image)) modifiers.push("defaultLibrary", "readonly");
      }
    }
    if (kind) out.push({ kind, offset: t.offset, end: t.end, modifiers });
  }
  return out;
}

/** The classified tokens of a template's text (for hosts without documents, such as the playground's highlighter). */
export function tokenKinds(text: string): ClassifiedToken[] {
  return classifyTokens(new Analysis(TextDocument.create("untitled:template", "zephyr", 0, text), "<template>"));
}

/** LSP's relative encoding; a token spanning lines is split into one per line. */
export function semanticTokens(analysis: Analysis): SemanticTokens {
  const data: number[] = [];
  const doc = analysis.doc;
  const text = analysis.text;
  let prevLine = 0;
  let prevChar = 0;
  const push = (line: number, char: number, length: number, type: number, mods: number) => {
    if (length <= 0) return;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, mods);
    prevLine = line;
    prevChar = char;
  };
  for (const t of classifyTokens(analysis)) {
    const mods = t.modifiers.reduce((m, name) => m | (1 << TOKEN_MODIFIERS.indexOf(name)), 0);
    let start = t.offset;
    while (start < t.end) {
      const nl = text.indexOf("\n", start);
      const stop = nl >= 0 && nl < t.end ? nl : t.end;
      const p = doc.positionAt(start);
      const len = stop - start - (text[stop - 1] === "\r" ? 1 : 0);
      push(p.line, p.character, len, TYPE[t.kind], mods);
      start = stop === nl ? nl + 1 : stop;
    }
  }
  return { data };
}
