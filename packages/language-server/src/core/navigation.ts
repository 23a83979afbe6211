/** Go to definition, document symbols, folding ranges. */
import type { Node } from "@zephyr/zephyr/internal";
import {
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  type Location,
  SymbolKind,
} from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";
import type { ProjectContext } from "./context.js";
import { spanRange } from "./diagnostics.js";
import { isName } from "./samples.js";
import { BLOCKS } from "./scan.js";

/** A variable → where it is assigned; `{include 'name'}` → the snippet file. */
export function definition(analysis: Analysis, ctx: ProjectContext, offset: number): Location[] {
  const uri = analysis.doc.uri;
  for (const inc of analysis.includes) {
    if (offset >= inc.nameSpan.offset && offset <= inc.nameSpan.endOffset) {
      const target = ctx.snippetUri?.(inc.name);
      if (!target) return [];
      const start = { line: 0, character: 0 };
      return [{ uri: target, range: { start, end: start } }];
    }
  }
  const tokens = analysis.tokens;
  const i = analysis.nameAt(offset);
  if (i < 0 || tokens[i].type !== "Identifier" || tokens[i - 1]?.type === "Dot") return [];
  const name = tokens[i].image;
  return analysis.assignments
    .filter((a) => a.name === name)
    .map((a) => ({ uri, range: spanRange(analysis, a.nameOffset, a.nameOffset + name.length) }));
}

/** Assignments and blocks, nested as the blocks nest. */
export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const ast = analysis.ast;
  if (!ast) return [];
  const text = analysis.text;
  const tagText = (offset: number, end: number) => text.slice(offset, Math.min(end, offset + 60)).replace(/\s+/g, " ");
  const visit = (nodes: readonly Node[]): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const n of nodes) {
      switch (n.type) {
        case "Assign": {
          let t = n.target as import("@zephyr/zephyr/internal").Expr;
          while (t.type === "Member" || t.type === "Index") t = t.object;
          if (t.type !== "Identifier") break;
          out.push({
            name: text.slice(n.target.span.offset, n.target.span.endOffset),
            kind: SymbolKind.Variable,
            range: spanRange(analysis, n.span.offset, n.span.endOffset),
            selectionRange: spanRange(analysis, n.target.span.offset, n.target.span.endOffset),
          });
          break;
        }
        case "If":
        case "Foreach":
        case "Switch":
        case "Select": {
          const children: DocumentSymbol[] = [];
          if (n.type === "If") {
            for (const b of n.branches) children.push(...visit(b.body));
            if (n.alternate) children.push(...visit(n.alternate));
          } else if (n.type === "Foreach") children.push(...visit(n.body));
          else
            for (const c of n.cases)
              children.push({
                name: tagText(c.span.offset, c.span.endOffset),
                kind: SymbolKind.EnumMember,
                range: spanRange(analysis, c.span.offset, c.body.at(-1)?.span.endOffset ?? c.span.endOffset),
                selectionRange: spanRange(analysis, c.span.offset, c.span.endOffset),
                children: visit(c.body),
              });
          out.push({
            name: tagText(n.openSpan.offset, n.openSpan.endOffset),
            kind: n.type === "Foreach" ? SymbolKind.Array : SymbolKind.Struct,
            range: spanRange(analysis, n.span.offset, n.span.endOffset),
            selectionRange: spanRange(analysis, n.openSpan.offset, n.openSpan.endOffset),
            children,
          });
          break;
        }
        case "Include":
          out.push({
            name: tagText(n.span.offset, n.span.endOffset),
            kind: SymbolKind.File,
            range: spanRange(analysis, n.span.offset, n.span.endOffset),
            selectionRange: spanRange(analysis, n.span.offset, n.span.endOffset),
          });
          break;
      }
    }
    return out;
  };
  return visit(ast.body);
}

/** Blocks, tags and comments that span lines (from the tokens, so it works while the template does not parse). */
export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const doc = analysis.doc;
  const tokens = analysis.tokens;
  const stack: { kind: string; line: number }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "Comment" || t.type === "UnclosedComment") {
      const a = doc.positionAt(t.offset).line;
      const b = doc.positionAt(t.end).line;
      if (b > a) out.push({ startLine: a, endLine: b, kind: FoldingRangeKind.Comment });
      continue;
    }
    if (t.type !== "TagOpen" && t.type !== "DoubleOpen") continue;
    // The tag's end: the matching close brace.
    let depth = 1;
    let j = i + 1;
    for (; j < tokens.length && depth > 0; j++) {
      const k = tokens[j].type;
      if (k === "LCurly") depth++;
      else if (k === "RCurly" || k === "DoubleClose") depth--;
    }
    const end = tokens[j - 1]?.end ?? t.end;
    const startLine = doc.positionAt(t.offset).line;
    const endLine = doc.positionAt(end).line;
    if (endLine > startLine) out.push({ startLine, endLine });
    const next = tokens[i + 1];
    if (next && BLOCKS[next.type]) stack.push({ kind: BLOCKS[next.type], line: startLine });
    else if (next?.type === "Slash" && BLOCKS[tokens[i + 2]?.type ?? ""]) {
      const kind = BLOCKS[tokens[i + 2].type];
      const at = stack.map((s) => s.kind).lastIndexOf(kind);
      if (at >= 0) {
        const open = stack[at];
        stack.length = at;
        if (startLine > open.line) out.push({ startLine: open.line, endLine: startLine - 1 });
      }
    }
  }
  return out.filter((r) => r.endLine > r.startLine);
}

export { isName };
