/** Formatting: `zephyr fmt`'s canonical form (the engine's printer; literal text untouched). */
import { formatTemplate, ZephyrError } from "@zephyr/zephyr/internal";
import type { Range, TextEdit } from "vscode-languageserver-types";
import type { Analysis } from "./analysis.js";

/** The whole document's formatting as one edit; none when it is already canonical or does not parse. */
export function formatDocument(analysis: Analysis): TextEdit[] {
  const formatted = formatted_(analysis);
  if (formatted === undefined || formatted === analysis.text) return [];
  const doc = analysis.doc;
  return [
    { range: { start: { line: 0, character: 0 }, end: doc.positionAt(analysis.text.length) }, newText: formatted },
  ];
}

/**
 * Range formatting: the document is formatted whole (a range alone may not parse), and only the changed runs of
 * lines that touch the range are returned.
 */
export function formatRange(analysis: Analysis, range: Range): TextEdit[] {
  const formatted = formatted_(analysis);
  if (formatted === undefined || formatted === analysis.text) return [];
  const before = analysis.text.split("\n");
  const after = formatted.split("\n");
  const edits: TextEdit[] = [];
  for (const hunk of lineHunks(before, after)) {
    const lastLine = Math.max(hunk.a0, hunk.a1 - 1);
    if (lastLine < range.start.line || hunk.a0 > range.end.line) continue;
    const endsAtEof = hunk.a1 >= before.length;
    const newLines = after.slice(hunk.b0, hunk.b1);
    edits.push({
      range: {
        start: { line: hunk.a0, character: 0 },
        end: endsAtEof ? analysis.doc.positionAt(analysis.text.length) : { line: hunk.a1, character: 0 },
      },
      newText: endsAtEof ? newLines.join("\n") : newLines.map((l) => `${l}\n`).join(""),
    });
  }
  return edits;
}

function formatted_(analysis: Analysis): string | undefined {
  try {
    return formatTemplate(analysis.text, analysis.filename);
  } catch (e) {
    if (e instanceof ZephyrError) return undefined;
    throw e;
  }
}

/**
 * Runs of lines that differ: [a0, a1) of `a` become [b0, b1) of `b`. Greedy: after a difference, the next line of
 * `a` that appears within a window ahead in `b` (or the reverse) resynchronises (nearest first). The printer changes lines in place
 * or joins and splits a few, so this finds the same runs a full diff would, in linear time.
 */
export function lineHunks(a: readonly string[], b: readonly string[]) {
  const out: { a0: number; a1: number; b0: number; b1: number }[] = [];
  let i = 0;
  let j = 0;
  const WINDOW = 64;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    const a0 = i;
    const b0 = j;
    let found = false;
    for (let d = 1; d <= WINDOW * 2 && !found; d++) {
      for (let x = 0; x <= d; x++) {
        const ii = i + x;
        const jj = j + (d - x);
        if (
          ii <= a.length &&
          jj <= b.length &&
          (ii === a.length || jj === b.length ? ii === a.length && jj === b.length : a[ii] === b[jj])
        ) {
          i = ii;
          j = jj;
          found = true;
          break;
        }
      }
    }
    if (!found) {
      i = a.length;
      j = b.length;
    }
    out.push({ a0, a1: i, b0, b1: j });
  }
  return out;
}
