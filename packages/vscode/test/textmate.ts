/**
 * The extension's TextMate grammar run by the engine VS Code uses (vscode-textmate on the Oniguruma WebAssembly
 * build), over whole sources: tokens with offsets into the source rather than per line.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import oniguruma from "vscode-oniguruma";
import textmate, { type IGrammar, type StateStack } from "vscode-textmate";

const require = createRequire(import.meta.url);
export const GRAMMAR_PATH = new URL("../syntaxes/zephyr.tmLanguage.json", import.meta.url);

let grammar: Promise<IGrammar> | undefined;

/** The Zephyr grammar, loaded once per test file (the onig wasm comes from node_modules, as in VS Code). */
export function loadGrammar(): Promise<IGrammar> {
  grammar ??= (async () => {
    const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== "source.zephyr") return null;
        return textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, "utf8"), GRAMMAR_PATH.pathname);
      },
    });
    const g = await registry.loadGrammar("source.zephyr");
    if (!g) throw new Error("the grammar source.zephyr did not load");
    return g;
  })();
  return grammar;
}

/** One token: `[start, end)` in the whole source, and its scopes from the outermost. */
export interface ScopedToken {
  start: number;
  end: number;
  scopes: string[];
}

/** Tokenizes a source line by line as VS Code does (lines end at \r\n, \n or \r; the ends belong to no token). */
export function tokenizeSource(g: IGrammar, source: string): ScopedToken[] {
  const out: ScopedToken[] = [];
  let state: StateStack = textmate.INITIAL;
  const lineBreak = /\r\n|\r|\n/g;
  let lineStart = 0;
  for (;;) {
    const m = lineBreak.exec(source);
    const lineEnd = m ? m.index : source.length;
    const line = source.slice(lineStart, lineEnd);
    const result = g.tokenizeLine(line, state, 0);
    if (result.stoppedEarly) throw new Error(`tokenizing stopped early on the line at offset ${lineStart}`);
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, line.length);
      if (end > t.startIndex) out.push({ start: lineStart + t.startIndex, end: lineStart + end, scopes: t.scopes });
    }
    state = result.ruleStack;
    if (!m) break;
    lineStart = m.index + m[0].length;
  }
  return out;
}

/** The scopes of the token that holds the `nth` occurrence of `needle` (its first character). */
export function scopesAt(tokens: ScopedToken[], source: string, needle: string, nth = 0): string[] {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = source.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  const token = tokens.find((t) => t.start <= at && at < t.end);
  if (!token) throw new Error(`no token at offset ${at}`);
  return token.scopes;
}

/** The text of each token and its innermost scope, one per line: a readable golden form. */
export function scopeListing(tokens: ScopedToken[], source: string): string {
  return tokens
    .map((t) => `${JSON.stringify(source.slice(t.start, t.end))} ${t.scopes.slice(1).join(" ") || "-"}`)
    .join("\n");
}

export type Segment = { start: number; end: number; kind: "tag" | "comment" };

/** The tags and comments the grammar found, as source ranges (an unclosed one runs to the end of the source). */
export function grammarSegments(tokens: ScopedToken[], sourceLength: number): Segment[] {
  const out: Segment[] = [];
  let open: Segment | undefined;
  let depth = 0;
  for (const t of tokens) {
    const inner = t.scopes[t.scopes.length - 1];
    const tagBegin = inner.startsWith("punctuation.definition.tag.begin.zephyr");
    const commentBegin = inner.startsWith("punctuation.definition.comment.begin.zephyr");
    if (!open && (tagBegin || commentBegin)) {
      open = { start: t.start, end: sourceLength, kind: tagBegin ? "tag" : "comment" };
      depth = 0;
    }
    if (!open) continue;
    // Only the outermost tag's own end closes the segment: count the tag scopes on the token's stack.
    depth = t.scopes.filter((s) => s.startsWith("meta.tag.") || s.startsWith("comment.block.zephyr")).length;
    if (
      (inner.startsWith("punctuation.definition.tag.end.zephyr") ||
        inner.startsWith("punctuation.definition.comment.end.zephyr")) &&
      depth === 1
    ) {
      open.end = t.end;
      out.push(open);
      open = undefined;
    }
  }
  if (open) out.push(open);
  return out;
}
