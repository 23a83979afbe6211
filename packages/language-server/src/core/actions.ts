/**
 * Code actions: the engine's and the validator's did-you-mean fixes, `{elseif}` → `{else if}`, missing closers,
 * `{{'a':…}}` in parentheses.
 */
import type { Diagnostic } from "@zephyr/zephyr/internal";
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic as LspDiagnostic,
  type Range,
} from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";
import { spanRange } from "./diagnostics.js";

export function codeActions(
  analysis: Analysis,
  engine: readonly Diagnostic[],
  lsp: readonly LspDiagnostic[],
  range: Range,
): CodeAction[] {
  const doc = analysis.doc;
  const text = analysis.text;
  const from = doc.offsetAt(range.start);
  const to = doc.offsetAt(range.end);
  const out: CodeAction[] = [];
  const uri = doc.uri;
  /** Diagnostics whose engine fix is offered already. */
  const fixed = new Set<Diagnostic>();
  const fix = (title: string, d: Diagnostic | undefined, edits: { offset: number; end: number; text: string }[]) => {
    const related = d ? lsp.find((x) => x.code === d.code && x.message.startsWith(d.message)) : undefined;
    out.push({
      title,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: related ? [related] : undefined,
      edit: {
        changes: { [uri]: edits.map((e) => ({ range: spanRange(analysis, e.offset, e.end), newText: e.text })) },
      },
    });
  };
  for (const d of engine) {
    if (!d.span) continue;
    const { offset, endOffset } = d.span;
    if (endOffset < from || offset > to) continue;
    // The engine's own fix, when it computed one (did-you-mean, {else if}, a missing ':' or closing brace, …).
    if (d.fix) {
      fix(d.fix.title, d, [{ offset: d.fix.span.offset, end: d.fix.span.endOffset, text: d.fix.replacement }]);
      fixed.add(d);
      continue;
    }
    const hint = d.hint ?? "";
    let m: RegExpExecArray | null;
    if (d.code === "ZE_UNKNOWN_FUNCTION" && (m = /did you mean (\w+)\(\)\?/.exec(hint)))
      fix(`Change to ${m[1]}()`, d, [{ offset, end: endOffset, text: m[1] }]);
    else if (d.code === "ZE_UNCLOSED_BLOCK" && (m = /add (\{\/\w+\})/.exec(d.message)))
      fix(`Add ${m[1]} at the end`, d, [{ offset: text.length, end: text.length, text: m[1] }]);
    else if (d.code === "ZE_BLOCK" && (m = /did you mean (\{\/\w+\})\?/.exec(hint)))
      fix(`Change to ${m[1]}`, d, [{ offset, end: endOffset, text: m[1] }]);
    else if (d.code === "ZL_UNASSIGNED" && (m = /(profile\.vars\.\w+)/.exec(hint)))
      fix(`Change to ${m[1]}`, d, [{ offset, end: endOffset, text: m[1] }]);
    else if (d.code === "AT_UNKNOWN_FIELD" && (m = /^Rename "(.+?)" to "(.+?)"\./.exec(hint))) {
      // Only where the template wrote the field name literally (not a name a tag printed).
      if (text.slice(offset, endOffset) === JSON.stringify(m[1]))
        fix(`Rename to "${m[2]}"`, d, [{ offset, end: endOffset, text: JSON.stringify(m[2]) }]);
    } else if (d.code === "AT_SUBSCRIPTION_TYPE_INVALID" && (m = /^Write (MARKETING|TRANSACTIONAL)\b/.exec(hint))) {
      const written = text.slice(offset, endOffset);
      if (written.toUpperCase() === JSON.stringify(m[1]))
        fix(`Change to "${m[1]}"`, d, [{ offset, end: endOffset, text: JSON.stringify(m[1]) }]);
    } else if (d.code === "ZE_SYNTAX" && hint.includes("in parentheses")) {
      const open = text.lastIndexOf("{{", offset);
      const close = open >= 0 ? matchingBrace(text, open) : -1;
      if (close > offset)
        fix("Wrap the expression in parentheses", d, [
          { offset: open, end: close + 1, text: `{(${text.slice(open + 1, close)})}` },
        ]);
    }
  }
  // {elseif …} and {elif …}: whatever the parser said about them.
  const lineStart = doc.offsetAt({ line: range.start.line, character: 0 });
  const lineEnd = doc.offsetAt({ line: range.end.line + 1, character: 0 });
  const re = /\{(elseif|elif)\b/g;
  re.lastIndex = lineStart;
  for (let m = re.exec(text); m && m.index < lineEnd; m = re.exec(text)) {
    const start = m.index + 1;
    const len = m[1].length;
    const d = engine.find((x) => x.span && x.span.offset <= start + len + 8 && x.span.endOffset >= m!.index);
    if (d && fixed.has(d)) continue; // offered above
    if (d?.fix) {
      fixed.add(d);
      fix(d.fix.title, d, [{ offset: d.fix.span.offset, end: d.fix.span.endOffset, text: d.fix.replacement }]);
    } else fix("Change to {else if …}", d, [{ offset: start, end: start + len, text: "else if" }]);
  }
  return out;
}

/** The offset of the `}` that closes the `{` at `open` (strings skipped), or -1. */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}
