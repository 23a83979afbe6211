// Zephyr syntax highlighting for the playground editor, and diagnostics drawn at their spans.
// The tokenizer follows the engine's lexer modes (packages/zephyr/src/lexer.ts): `text` (literal text, comments,
// tag openers), `tag` inside `{ … }` and `dtag` inside `{{ … }}`. It never fails: what the lexer would reject is
// shown as `error`, and the engine's diagnostics say why.

const KEYWORDS = new Set([
  "if",
  "else",
  "foreach",
  "as",
  "switch",
  "case",
  "select",
  "break",
  "continue",
  "include",
  "lambda",
  "for",
  "in",
]);
const LITERALS = new Set(["true", "false", "null"]);
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const SPACE = /\s+/y;
const TWO_CHAR_OPS = new Set(["==", "!=", "<=", ">=", "&&", "||"]);
const OPS = "+-*/%=?:!<>";
const PUNCT = ".,()[]";

/** `{` opens a tag when a non-whitespace character follows it (design.md §3). */
function opensTag(src, i) {
  return src[i] === "{" && i + 1 < src.length && !/\s/.test(src[i + 1]);
}

/**
 * Splits template source into tokens `{ start, end, type, inTag }` covering it without gaps. Types: text, comment,
 * delim (the braces of a tag), kw, lit, str, num, fn, name, prop, op, punct, space, error.
 */
export function tokenize(src) {
  const tokens = [];
  const stack = ["text"];
  let i = 0;
  let prev = null; // the previous token inside the current tag, whitespace excepted
  const push = (end, type) => {
    const token = { start: i, end, type, inTag: stack.length > 1 };
    tokens.push(token);
    if (type !== "space") prev = token;
    i = end;
  };
  while (i < src.length) {
    const mode = stack[stack.length - 1];
    if (mode === "text") {
      if (src.startsWith("{*", i)) {
        const close = src.indexOf("*}", i + 2);
        push(close < 0 ? src.length : close + 2, "comment");
      } else if (src.startsWith("{{", i)) {
        stack.push("dtag");
        push(i + 2, "delim");
      } else if (opensTag(src, i)) {
        stack.push("tag");
        push(i + 1, "delim");
      } else {
        let j = i + 1;
        while (j < src.length && !opensTag(src, j)) j++;
        push(j, "text");
      }
      continue;
    }
    const c = src[i];
    SPACE.lastIndex = i;
    if (SPACE.test(src)) {
      push(SPACE.lastIndex, "space");
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      push(Math.min(j + 1, src.length), j < src.length ? "str" : "error");
      continue;
    }
    NUMBER.lastIndex = i;
    if (/[\d.]/.test(c) && NUMBER.test(src)) {
      push(NUMBER.lastIndex, "num");
      continue;
    }
    IDENTIFIER.lastIndex = i;
    if (IDENTIFIER.test(src)) {
      const end = IDENTIFIER.lastIndex;
      const word = src.slice(i, end);
      SPACE.lastIndex = end;
      const next = SPACE.test(src) ? SPACE.lastIndex : end;
      let type = "name";
      if (prev?.type === "punct" && src[prev.start] === ".") type = "prop";
      else if (KEYWORDS.has(word) || (prev?.type === "kw" && src[prev.start] === "/")) type = "kw";
      else if (LITERALS.has(word)) type = "lit";
      else if (src[next] === "(") type = "fn";
      push(end, type);
      continue;
    }
    if (mode === "dtag" && src.startsWith("}}", i)) {
      push(i + 2, "delim");
      stack.pop();
      prev = null;
      continue;
    }
    if (c === "}") {
      if (mode === "dtag") {
        push(i + 1, "error");
        continue;
      }
      stack.pop();
      const closesTag = stack.length === 1;
      // The token belongs to the tag it closes.
      tokens.push({ start: i, end: i + 1, type: closesTag ? "delim" : "punct", inTag: true });
      i += 1;
      prev = closesTag ? null : tokens[tokens.length - 1];
      continue;
    }
    if (c === "{") {
      push(i + 1, "punct");
      stack.push("tag");
      continue;
    }
    if (c === "/" && prev?.type === "delim") {
      push(i + 1, "kw"); // a closing tag: {/if}, {/foreach}
      continue;
    }
    const two = src.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) push(i + 2, "op");
    else if (OPS.includes(c)) push(i + 1, "op");
    else if (PUNCT.includes(c)) push(i + 1, "punct");
    else push(i + 1, "error");
  }
  return tokens;
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
 * The editor overlay's HTML: one element per stretch of text with the same token type and diagnostics.
 * `marks` are `{ start, end, severity }` ranges; an empty range is drawn as a point.
 */
export function highlightHtml(src, marks = []) {
  const tokens = tokenize(src);
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
    const token = tokens[k];
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
