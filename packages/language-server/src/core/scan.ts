/** The lexical situation at the cursor, from the engine lexer's tokens of the text before it. */
import { DEFAULT_LIMITS, offsetLexer } from "@zephyr/zephyr/internal";
import type { Analysis, Token } from "./analysis.js";

export interface CursorContext {
  /** Tokens of the text before the cursor. */
  tokens: Token[];
  /** Index of the token opening the tag the cursor is in (`{` or `{{`), or -1 outside a tag. */
  tagStart: number;
  /** Blocks open at the cursor, innermost last (`if`, `foreach`, `switch`, `select`, `case`). */
  openBlocks: string[];
}

/** Block keywords by the lexer token that opens them (`{if` → `If`). */
export const BLOCKS: Readonly<Record<string, string>> = {
  If: "if",
  Foreach: "foreach",
  Switch: "switch",
  Select: "select",
  Case: "case",
};

/**
 * The tokens before `offset`: the document's own tokens up to the last text between tags that ends before it (the
 * lexer is in text mode there, whatever follows), then the rest up to the cursor lexed again, so a tag being typed
 * lexes as the author sees it (an unclosed string ends at the cursor, not at the end of the file).
 */
export function scanTo(analysis: Analysis, offset: number): CursorContext {
  const text = analysis.text;
  if (text.length > DEFAULT_LIMITS.templateSize) return { tokens: [], tagStart: -1, openBlocks: [] };
  const all = analysis.tokens;
  let k = analysis.tokenAt(offset);
  if (k < 0) k = all.findLastIndex((t) => t.end <= offset);
  while (k >= 0 && !(all[k].type === "Text" && all[k].end < offset)) k--;
  const from = k >= 0 ? all[k].end : 0;
  const tokens: Token[] = all.slice(0, k + 1);
  for (const t of offsetLexer.tokenize(text.slice(from, offset)).tokens)
    tokens.push({
      type: t.tokenType.name,
      offset: from + t.startOffset,
      end: from + t.startOffset + t.image.length,
      image: t.image,
    });
  let depth = 0;
  let tagStart = -1;
  const openBlocks: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].type;
    if (t === "TagOpen" || t === "DoubleOpen") {
      depth = 1;
      tagStart = i;
      const next = tokens[i + 1]?.type;
      if (next && BLOCKS[next]) openBlocks.push(BLOCKS[next]);
      else if (next === "Slash") {
        const closed = BLOCKS[tokens[i + 2]?.type ?? ""];
        const at = closed ? openBlocks.lastIndexOf(closed) : -1;
        if (at >= 0) openBlocks.length = at;
      }
    } else if (t === "LCurly") depth++;
    else if (t === "RCurly") depth--;
    else if (t === "DoubleClose") depth = 0;
    if (depth <= 0) {
      depth = 0;
      tagStart = t === "RCurly" || t === "DoubleClose" ? -1 : tagStart;
    }
  }
  if (depth === 0) tagStart = -1;
  // A `{` just before the cursor is text to the lexer (nothing follows it yet), but the author is opening a tag.
  const last = tokens[tokens.length - 1];
  if (
    depth === 0 &&
    last?.type === "Text" &&
    last.end === offset &&
    text[offset - 1] === "{" &&
    !/\s/.test(text[offset] ?? " ")
  ) {
    if (last.image.length > 1)
      tokens.splice(tokens.length - 1, 1, { ...last, end: offset - 1, image: last.image.slice(0, -1) });
    else tokens.pop();
    tokens.push({ type: "TagOpen", offset: offset - 1, end: offset, image: "{" });
    tagStart = tokens.length - 1;
  }
  return { tokens, tagStart, openBlocks };
}
