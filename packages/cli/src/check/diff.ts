/** A line diff of expected and actual text, in hunks with a little context (enough for a failing case). */

export interface DiffLine {
  /** ` ` the same in both, `-` only expected, `+` only actual, `…` unchanged lines left out. */
  op: " " | "-" | "+" | "…";
  text: string;
}

const CONTEXT = 3;
/** Above this many cells, the diff falls back to "all expected lines removed, all actual lines added". */
const MAX_CELLS = 4_000_000;

/** The lines of a diff from `expected` to `actual`, with `…` lines where unchanged runs are left out. */
export function diffLines(expected: string, actual: string): DiffLine[] {
  const a = expected.split("\n");
  const b = actual.split("\n");
  // Trim the common head and tail, then LCS on what is left.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const lines: DiffLine[] = a.slice(0, head).map((text) => ({ op: " ", text }));
  lines.push(...middle(am, bm));
  lines.push(...a.slice(a.length - tail).map((text) => ({ op: " " as const, text })));
  return hunks(lines);
}

function middle(a: string[], b: string[]): DiffLine[] {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS)
    return [...a.map((text) => ({ op: "-" as const, text })), ...b.map((text) => ({ op: "+" as const, text }))];
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: " ", text: a[i++] });
      j++;
    } else if (j < b.length && (i === a.length || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
      out.push({ op: "+", text: b[j++] });
    } else {
      out.push({ op: "-", text: a[i++] });
    }
  }
  // Removals before additions within a changed run reads better.
  for (let k = 0; k < out.length; ) {
    if (out[k].op === " ") {
      k++;
      continue;
    }
    let end = k;
    while (end < out.length && out[end].op !== " ") end++;
    const run = out.slice(k, end);
    out.splice(k, run.length, ...run.filter((l) => l.op === "-"), ...run.filter((l) => l.op === "+"));
    k = end;
  }
  return out;
}

/** Keeps changed lines and CONTEXT lines around them; a run of left-out lines becomes one `…` line. */
function hunks(lines: DiffLine[]): DiffLine[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, k) => {
    if (l.op === " ") return;
    for (let d = Math.max(0, k - CONTEXT); d <= Math.min(lines.length - 1, k + CONTEXT); d++) keep[d] = true;
  });
  const out: DiffLine[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (keep[k]) out.push(lines[k]);
    else if (k === 0 || keep[k - 1]) out.push({ op: "…", text: "" });
  }
  return out;
}

/** The diff as plain text: `- expected` / `+ actual` header, then one line per diff line. */
export function diffText(lines: readonly DiffLine[]): string {
  return ["- expected", "+ actual", ...lines.map(diffLineText)].join("\n");
}

export function diffLineText(l: DiffLine): string {
  if (l.op === "…") return "  …";
  return l.op === " " ? `  ${l.text}` : `${l.op} ${visible(l.text)}`;
}

/** Makes trailing white space and carriage returns visible in a diff line. */
export function visible(text: string): string {
  return text.replace(/\r/g, "␍").replace(/[ \t]+$/, (ws) => ws.replace(/ /g, "·").replace(/\t/g, "→"));
}
