// Zephyr syntax highlighting for the playground editor, and diagnostics drawn at their spans.
// The tokens come from the engine's own lexer through `POST /api/tokens` (packages/zephyr/src/tokens.ts): this file
// never re-implements the lexer. While an answer is on its way, `adjustTokens` keeps the last tokens in place around
// the edit, so the colours never slide under the wrong characters.

/**
 * Tokens `{ start, end, type, inTag }` from the API's `[start, end, kind, inTag]` answer. Kinds: text, comment, delim
 * (the braces of a tag), kw, lit, str, num, fn, name, prop, op, punct, space, error.
 */
export function fromApi(tokens) {
  return tokens.map(([start, end, type, inTag]) => ({ start, end, type, inTag: inTag === 1 }));
}

/** The source as one text token: what the editor shows before the first answer. */
export function plainTokens(src) {
  return src.length === 0 ? [] : [{ start: 0, end: src.length, type: "text", inTag: false }];
}

/**
 * The tokens of `oldSrc` carried over to `newSrc` across one edit: what lies before and after the changed stretch
 * keeps its tokens (shifted), and the changed stretch takes the type of the token it was typed into. The result
 * covers `newSrc` without gaps.
 */
export function adjustTokens(tokens, oldSrc, newSrc) {
  const max = Math.min(oldSrc.length, newSrc.length);
  let prefix = 0;
  while (prefix < max && oldSrc.charCodeAt(prefix) === newSrc.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    oldSrc.charCodeAt(oldSrc.length - 1 - suffix) === newSrc.charCodeAt(newSrc.length - 1 - suffix)
  )
    suffix++;
  const oldEnd = oldSrc.length - suffix; // the changed stretch: [prefix, oldEnd) in oldSrc
  const newEnd = newSrc.length - suffix; // and [prefix, newEnd) in newSrc
  const delta = newSrc.length - oldSrc.length;
  const out = [];
  const push = (start, end, type, inTag) => {
    if (end <= start) return;
    const last = out[out.length - 1];
    if (last && last.end === start && last.type === type && last.inTag === inTag) last.end = end;
    else out.push({ start, end, type, inTag });
  };
  const around = tokens.find((t) => t.start < prefix && prefix <= t.end) ?? tokens.find((t) => t.start >= prefix);
  for (const t of tokens) if (t.start < prefix) push(t.start, Math.min(t.end, prefix), t.type, t.inTag);
  push(prefix, newEnd, around ? around.type : "text", around ? around.inTag : false);
  for (const t of tokens) if (t.end > oldEnd) push(Math.max(t.start, oldEnd) + delta, t.end + delta, t.type, t.inTag);
  // Tokens of an older source may not reach the end of this one: the rest is text until the next answer.
  push(out.length ? out[out.length - 1].end : 0, newSrc.length, "text", false);
  return out;
}

/** Offsets where each 1-based line starts (a line ends at \n, \r\n or a lone \r, as the engine counts). */
export function lineStarts(src) {
  const starts = [0];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && src.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** A span's offsets in `src`, from its 1-based line and column (UTF-16 units; the end column is exclusive). */
export function spanOffsets(span, starts, length) {
  const at = (line, column) => {
    const start = starts[Math.min(Math.max(line, 1), starts.length) - 1];
    return Math.min(Math.max(start + column - 1, 0), length);
  };
  const start = at(span.line, span.column);
  const end = span.endLine === undefined ? start : at(span.endLine, span.endColumn);
  return { start, end: Math.max(start, end) };
}

const RANK = { error: 3, warning: 2, info: 1 };

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/**
 * The editor overlay's HTML: one element per stretch of text with the same token type and diagnostics. `tokens`
 * cover `src` (from `fromApi`, `adjustTokens` or `plainTokens`); `marks` are `{ start, end, severity }` ranges; an
 * empty range is drawn as a point.
 */
export function highlightHtml(src, tokens, marks = []) {
  const cuts = new Set([0, src.length]);
  for (const t of tokens) cuts.add(t.start);
  for (const m of marks) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = marks.filter((m) => m.start === m.end);
  const ranges = marks.filter((m) => m.start < m.end);
  const sorted = [...cuts].sort((a, b) => a - b);
  let html = "";
  let k = 0;
  for (let n = 0; n < sorted.length; n++) {
    const at = sorted[n];
    for (const p of points) if (p.start === at) html += `<span class="diag-point d-${p.severity}"></span>`;
    const end = sorted[n + 1];
    if (end === undefined) break;
    while (k + 1 < tokens.length && tokens[k].end <= at) k++;
    const token = tokens[k] ?? { type: "text", inTag: false };
    let severity = null;
    for (const m of ranges)
      if (m.start <= at && m.end >= end && (!severity || RANK[m.severity] > RANK[severity])) severity = m.severity;
    const classes = [`t-${token.type}`];
    if (token.inTag) classes.push("in-tag");
    if (severity) classes.push(`d-${severity}`);
    html += `<span class="${classes.join(" ")}">${escapeHtml(src.slice(at, end))}</span>`;
  }
  // A final line break needs something after it, or the overlay is a line shorter than the textarea.
  return `${html}\n `;
}
