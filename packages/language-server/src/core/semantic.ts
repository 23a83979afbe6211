/** Semantic tokens from the engine's own lexer. */

import { DEFAULT_LIMITS, classifyTokens as engineTokens, type TokenKind } from "@zephyr/zephyr/internal";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver-types";
import { Analysis } from "./analysis.js";

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
/** The engine's token kinds (`classifyTokens` of @zephyr/zephyr) as LSP semantic token types; the rest is not colored. */
const KIND: Partial<Record<TokenKind, string>> = {
  comment: "comment",
  str: "string",
  num: "number",
  kw: "keyword",
  lit: "keyword",
  name: "variable",
  fn: "function",
  prop: "property",
  op: "operator",
  delim: "macro",
};
const STANDARD = new Set(["profile", "email"]);

/** One classified token: a kind from TOKEN_TYPES, and its offsets. */
export interface ClassifiedToken {
  kind: string;
  offset: number;
  end: number;
  modifiers: string[];
}

/**
 * Every token of the template that gets a color, as the engine classifies it (text between tags, spaces and
 * punctuation have none and are left out). None for a text over the template size limit (bounded work).
 */
export function classifyTokens(analysis: Analysis): ClassifiedToken[] {
  const text = analysis.text;
  if (text.length > DEFAULT_LIMITS.templateSize) return [];
  const out: ClassifiedToken[] = [];
  for (const t of engineTokens(text)) {
    const kind = KIND[t.kind];
    if (!kind) continue;
    const modifiers: string[] = [];
    if (t.kind === "fn") modifiers.push("defaultLibrary");
    else if (t.kind === "name" && STANDARD.has(text.slice(t.start, t.end)))
      modifiers.push("defaultLibrary", "readonly");
    out.push({ kind, offset: t.start, end: t.end, modifiers });
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
