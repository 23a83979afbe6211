/** String functions: case, substrings, search and replace, split and join, HTML and URL escaping, hashes, base64. */
import { base64Decode, base64Encode, fromUtf8, md5Hex, sha1Hex, sha256Hex, utf8 } from "../bytes.js";
import { MEMORY_COST } from "../options.js";
import { isPlainObject, print } from "../values.js";
import {
  argError,
  chargeItems,
  chargeText,
  cpLength,
  cpSlice,
  cpToUnit,
  param,
  reserveList,
  reserveText,
  toInt,
  unitToCp,
} from "./helpers.js";
import type { FnContext, FunctionFamily } from "./registry.js";

/** `substr` / `slice` index arithmetic (PHP's): negative start counts from the end, negative length stops short. */
export function sliceBounds(n: number, start: number, length: number | null | undefined): [number, number] {
  const a = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
  let b: number;
  if (length === undefined || length === null) b = n;
  else if (length < 0) b = Math.max(a, n + length);
  else b = Math.min(n, a + length);
  return [a, Math.max(a, b)];
}

const DIGESTS = { md5: md5Hex, sha1: sha1Hex, sha256: sha256Hex };

function hash(algorithm: "md5" | "sha1" | "sha256") {
  const digest = DIGESTS[algorithm];
  return (ctx: FnContext, args: unknown[]): string => {
    const s = args[0] as string;
    chargeText(ctx, s.length);
    return digest(utf8(s));
  };
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Default delimiters of `split` (those of Java's StringTokenizer). */
const WHITESPACE_DELIMITERS = " \t\n\r\f";

export const strings: FunctionFamily = [
  {
    name: "upper",
    signature: "upper(string s) → string",
    description: "The string in upper case.",
    params: [param("s", "string")],
    examples: [{ template: "{upper('Hello, World')}", output: "HELLO, WORLD" }],
    call(ctx, [s]) {
      chargeText(ctx, (s as string).length);
      return (s as string).toUpperCase();
    },
  },
  {
    name: "lower",
    signature: "lower(string s) → string",
    description: "The string in lower case.",
    params: [param("s", "string")],
    examples: [{ template: "{lower('Hello, World')}", output: "hello, world" }],
    call(ctx, [s]) {
      chargeText(ctx, (s as string).length);
      return (s as string).toLowerCase();
    },
  },
  {
    name: "title",
    signature: "title(string s) → string",
    description:
      "Upper-cases the first character of every whitespace-separated word; other letters are left untouched.",
    params: [param("s", "string")],
    examples: [
      { template: "{title('the quick brown fox')}", output: "The Quick Brown Fox" },
      { template: "{title(lower('McDONALD and SONS'))}", output: "Mcdonald And Sons" },
    ],
    call(ctx, [s]) {
      chargeText(ctx, (s as string).length);
      return (s as string).replace(/(^|\s)(\S)/gu, (_m, before: string, c: string) => before + c.toUpperCase());
    },
  },
  {
    name: "substr",
    signature: "substr(string s, number start [, number length]) → string",
    description:
      "Part of a string: `length` characters from `start` (0-based). A negative start counts from the end; a negative length leaves that many characters off the end.",
    params: [
      param("s", "string"),
      param("start", "number"),
      param("length", "number", { optional: true, nullable: true }),
    ],
    examples: [
      { template: "{substr('Zephyr', 1, 3)}", output: "eph" },
      { template: "{substr('Zephyr', 2)}", output: "phyr" },
      { template: "{substr('Zephyr', -3)}", output: "hyr" },
      { template: "{substr('Zephyr', 0, -2)}", output: "Zeph" },
      { template: "{substr('Hi', 0, 40)}", output: "Hi" },
    ],
    call(ctx, [s, start, length]) {
      const str = s as string;
      chargeText(ctx, str.length);
      const st = toInt(ctx, "substr", "start", start as number);
      const len =
        length === undefined || length === null ? undefined : toInt(ctx, "substr", "length", length as number);
      const [a, b] = sliceBounds(cpLength(str), st, len);
      return cpSlice(str, a, b);
    },
  },
  {
    name: "replace",
    signature: "replace(string s, string search, string replacement) → string",
    description: "Replaces every occurrence of `search` (plain text, not a pattern) with `replacement`.",
    params: [param("s", "string"), param("search", "string"), param("replacement", "string")],
    examples: [
      { template: "{replace('a-b-c', '-', ' + ')}", output: "a + b + c" },
      { template: "{replace('Summer Sale', ' ', '-')}", output: "Summer-Sale" },
    ],
    call(ctx, [s, search, replacement]) {
      const str = s as string;
      const find = search as string;
      const rep = replacement as string;
      if (find === "") return str;
      const parts = str.split(find);
      reserveText(ctx, "replace", str.length + (parts.length - 1) * (rep.length - find.length));
      return parts.join(rep);
    },
  },
  {
    name: "split",
    signature: "split(string s [, string delimiters]) → list",
    description:
      "Splits a string at any of the characters of `delimiters` (each character is a delimiter; default: whitespace). Empty pieces are dropped.",
    params: [param("s", "string"), param("delimiters", "string", { optional: true })],
    examples: [
      { template: "{split('Some Custom > Text', ' > ')}", output: "[Some, Custom, Text]" },
      { template: "{split('a,b;;c', ',;')}", output: "[a, b, c]" },
      { template: "{split('  one  two ')}", output: "[one, two]" },
      { template: "{length(split('', ','))}", output: "0" },
    ],
    call(ctx, [s, delimiters]) {
      const str = s as string;
      const delims = delimiters === undefined ? WHITESPACE_DELIMITERS : (delimiters as string);
      chargeText(ctx, str.length);
      if (delims === "") return str === "" ? [] : [str];
      const set = new Set(Array.from(delims));
      const out: string[] = [];
      let current = "";
      for (const c of str) {
        if (set.has(c)) {
          if (current !== "") out.push(current);
          current = "";
        } else current += c;
      }
      if (current !== "") out.push(current);
      reserveList(ctx, "split", out.length);
      // The pieces (the list itself is charged by the call).
      ctx.alloc(out.length * MEMORY_COST.value + str.length * MEMORY_COST.stringUnit);
      return out;
    },
  },
  {
    name: "join",
    signature: "join(list items, string delimiter) → string",
    description:
      "Joins the printed items of a list (or the values of an object) with `delimiter`. Null items print as nothing.",
    params: [param("items", "any", { nullable: true }), param("delimiter", "string")],
    examples: [
      { template: "{join(['red', 'green', 'blue'], ', ')}", output: "red, green, blue" },
      { template: "{join([1, 2, 3], '')}", output: "123" },
    ],
    call(ctx, [items, delimiter]) {
      const delim = delimiter as string;
      let list: readonly unknown[];
      if (Array.isArray(items)) list = items;
      else if (isPlainObject(items)) list = Object.values(items);
      else return print(items);
      chargeItems(ctx, list.length);
      let size = 0;
      const parts: string[] = [];
      for (let i = 0; i < list.length; i++) {
        const p = print(list[i], ctx.limits.outputSize);
        size += p.length + (i > 0 ? delim.length : 0);
        if (size > ctx.limits.outputSize) reserveText(ctx, "join", size);
        parts.push(p);
      }
      chargeText(ctx, size);
      return parts.join(delim);
    },
  },
  {
    name: "strpos",
    signature: "strpos(string haystack, string needle [, number offset]) → number",
    description:
      "Index (0-based, in characters) of the first occurrence of `needle` at or after `offset`, or -1 when there is none. A negative offset counts from the end.",
    params: [param("haystack", "string"), param("needle", "string"), param("offset", "number", { optional: true })],
    examples: [
      { template: "{strpos('banana', 'an')}", output: "1" },
      { template: "{strpos('banana', 'an', 2)}", output: "3" },
      { template: "{strpos('banana', 'x')}", output: "-1" },
    ],
    call(ctx, [haystack, needle, offset]) {
      const hay = haystack as string;
      chargeText(ctx, hay.length);
      const n = cpLength(hay);
      let from = offset === undefined ? 0 : toInt(ctx, "strpos", "offset", offset as number);
      if (from < 0) from = Math.max(0, n + from);
      if (from > n) return -1;
      const at = hay.indexOf(needle as string, cpToUnit(hay, from));
      return at < 0 ? -1 : unitToCp(hay, at);
    },
  },
  {
    name: "strrpos",
    signature: "strrpos(string haystack, string needle [, number offset]) → number",
    description:
      "Index of the last occurrence of `needle`, or -1. A positive offset ignores matches that start before it; a negative offset ignores matches that start after that many characters from the end.",
    params: [param("haystack", "string"), param("needle", "string"), param("offset", "number", { optional: true })],
    examples: [
      { template: "{strrpos('banana', 'an')}", output: "3" },
      { template: "{strrpos('banana', 'an', -4)}", output: "1" },
      { template: "{strrpos('banana', 'x')}", output: "-1" },
    ],
    call(ctx, [haystack, needle, offset]) {
      const hay = haystack as string;
      const find = needle as string;
      chargeText(ctx, hay.length);
      const n = cpLength(hay);
      const off = offset === undefined ? 0 : toInt(ctx, "strrpos", "offset", offset as number);
      if (off >= 0) {
        if (off > n) return -1;
        const at = hay.lastIndexOf(find);
        return at < 0 || unitToCp(hay, at) < off ? -1 : unitToCp(hay, at);
      }
      const last = n + off;
      if (last < 0) return -1;
      const at = hay.lastIndexOf(find, cpToUnit(hay, last));
      return at < 0 ? -1 : unitToCp(hay, at);
    },
  },
  {
    name: "strip_tags",
    signature: "strip_tags(string html) → string",
    description: "Removes HTML tags and comments, keeping the text between them (entities are left as they are).",
    params: [param("html", "string")],
    examples: [{ template: "{strip_tags('<p>Hello <b>world</b></p>')}", output: "Hello world" }],
    call(ctx, [html]) {
      const s = html as string;
      chargeText(ctx, s.length);
      return stripTags(s);
    },
  },
  {
    name: "text",
    signature: "text(string html) → string",
    description:
      "Converts HTML to plain text: drops scripts, styles and tags, turns line breaks, paragraphs and list items into new lines, decodes entities and tidies whitespace.",
    params: [param("html", "string")],
    examples: [
      { template: "{text('<h1>Sale</h1><p>Up to 50&#37; off&nbsp;today</p>')}", output: "Sale\n\nUp to 50% off today" },
    ],
    call(ctx, [html]) {
      const s = html as string;
      chargeText(ctx, s.length);
      return htmlToText(s);
    },
  },
  {
    name: "h",
    signature: "h(string s) → string",
    description: "HTML-escapes `&`, `<`, `>`, `\"` and `'` (as `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`).",
    params: [param("s", "string")],
    examples: [
      {
        template: `{h('<a href="x">Tom & Jerry\\'s</a>')}`,
        output: "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
      },
    ],
    call(ctx, [s]) {
      const str = s as string;
      const out = str.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
      reserveText(ctx, "h", out.length);
      return out;
    },
  },
  {
    name: "u",
    signature: "u(string s) → string",
    description:
      "URL-encodes a string for a query parameter or path segment: UTF-8, every character but `A–Z a–z 0–9 - _ . ~` is percent-encoded, a space becomes `%20`.",
    params: [param("s", "string")],
    examples: [
      { template: "{u('Tom & Jerry')}", output: "Tom%20%26%20Jerry" },
      { template: "{u('a/b?c=d')}", output: "a%2Fb%3Fc%3Dd" },
    ],
    call(ctx, [s]) {
      const out = encodeURIComponent((s as string).toWellFormed()).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
      reserveText(ctx, "u", out.length);
      return out;
    },
  },
  {
    name: "md5",
    signature: "md5(string s) → string",
    description: "MD5 digest of the UTF-8 bytes of a string, as 32 lower-case hex digits.",
    params: [param("s", "string")],
    examples: [{ template: "{md5('hello')}", output: "5d41402abc4b2a76b9719d911017c592" }],
    call: hash("md5"),
  },
  {
    name: "sha1",
    signature: "sha1(string s) → string",
    description: "SHA-1 digest of the UTF-8 bytes of a string, as 40 lower-case hex digits.",
    params: [param("s", "string")],
    examples: [{ template: "{sha1('hello')}", output: "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d" }],
    call: hash("sha1"),
  },
  {
    name: "sha256",
    signature: "sha256(string s) → string",
    description: "SHA-256 digest of the UTF-8 bytes of a string, as 64 lower-case hex digits.",
    params: [param("s", "string")],
    examples: [
      { template: "{sha256('hello')}", output: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" },
    ],
    call: hash("sha256"),
  },
  {
    name: "base64_encode",
    signature: "base64_encode(string s) → string",
    description: "Base64 (standard alphabet, padded) of the UTF-8 bytes of a string.",
    params: [param("s", "string")],
    examples: [{ template: "{base64_encode('Zephyr ✓')}", output: "WmVwaHlyIOKckw==" }],
    call(ctx, [s]) {
      const bytes = utf8(s as string);
      reserveText(ctx, "base64_encode", Math.ceil(bytes.length / 3) * 4);
      return base64Encode(bytes);
    },
  },
  {
    name: "base64_decode",
    signature: "base64_decode(string s) → string",
    description:
      "Decodes base64 (standard or URL-safe alphabet, padding optional, whitespace ignored) to UTF-8 text; invalid UTF-8 bytes become U+FFFD.",
    params: [param("s", "string")],
    examples: [{ template: "{base64_decode('WmVwaHlyIOKckw==')}", output: "Zephyr ✓" }],
    call(ctx, [s]) {
      const str = (s as string).replace(/\s+/g, "");
      chargeText(ctx, str.length);
      if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(str) || str.replace(/=+$/, "").length % 4 === 1) {
        argError(
          ctx,
          "base64_decode",
          `'${abbreviate(s as string)}' is not base64`,
          "base64 uses A–Z a–z 0–9 + / (or - _) and up to two = at the end",
        );
      }
      return fromUtf8(base64Decode(str));
    },
  },
];

/** The first 40 characters of a string for an error message. */
export function abbreviate(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function stripTags(s: string): string {
  return s.replace(/<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z!?][^>]*(?:>|$)/g, "");
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  bull: "•",
  middot: "·",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  deg: "°",
  times: "×",
  divide: "÷",
  shy: "",
  zwj: "\u200d",
  zwnj: "\u200c",
};

/** Decodes named (common ones) and numeric character references; unknown ones are left as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9A-Fa-f]{1,6}|#\d{1,7}|[A-Za-z]{2,8});/g, (m, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    }
    return ENTITIES[ref] ?? ENTITIES[ref.toLowerCase()] ?? m;
  });
}

const BLOCK = "p|div|h[1-6]|ul|ol|table|tr|blockquote|section|article|header|footer|pre|address|center";

// Each tag pattern ends in `[^>]*(?:>|$)`, not `[^>]*>`: without a `>` ahead, `[^>]*>` would scan to the end of the
// text from every `<` and fail (quadratic: 320 KB of "<p" took 35 s). Ending at the text's end instead is one
// scan, and a match without its `>` is left as it was (`unlessClosed`), as no later tag could close either.
const BLOCK_TAG = new RegExp(`</?(?:${BLOCK})\\b[^>]*(?:>|$)`, "gi");
const LIST_ITEM = /<li\b[^>]*(?:>|$)/gi;

function unlessClosed(replacement: string): (m: string) => string {
  return (m) => (m.endsWith(">") ? replacement : m);
}

/** Elements whose content is not text. */
const RAW_OPEN = /<(script|style|head|title|noscript)\b/gi;

/**
 * Drops `<script …>…</script>` and the like (the whole element; an element that is never closed is left, and the
 * scan goes on after its opening). Each name's closing tags are searched for once, forward: linear in the text.
 */
function dropRawElements(html: string): string {
  RAW_OPEN.lastIndex = 0;
  if (!RAW_OPEN.test(html)) return html;
  const closing = new Map<string, { re: RegExp; from: number; at: number; end: number }>();
  let out = "";
  let copied = 0;
  RAW_OPEN.lastIndex = 0;
  for (let m = RAW_OPEN.exec(html); m !== null; m = RAW_OPEN.exec(html)) {
    const name = m[1].toLowerCase();
    const after = m.index + m[0].length;
    let c = closing.get(name);
    if (!c) closing.set(name, (c = { re: new RegExp(`</${name}\\s*>`, "gi"), from: -1, at: -1, end: -1 }));
    // The first closing tag at or after `after`: the last search answers it unless it started later or found one
    // before `after`.
    if (c.from < 0 || c.from > after || (c.at >= 0 && c.at < after)) {
      c.re.lastIndex = after;
      const close = c.re.exec(html);
      c.from = after;
      c.at = close ? close.index : -1;
      c.end = close ? close.index + close[0].length : -1;
    }
    if (c.at < 0) {
      RAW_OPEN.lastIndex = m.index + 1;
      continue;
    }
    out += html.slice(copied, m.index);
    copied = c.end;
    RAW_OPEN.lastIndex = c.end;
  }
  return out + html.slice(copied);
}

export function htmlToText(html: string): string {
  let s = dropRawElements(html);
  s = s.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  s = s.replace(/\s+/g, " "); // source whitespace is not significant in HTML
  s = s.replace(/<br\s*\/?>/gi, "\n");
  s = s.replace(BLOCK_TAG, unlessClosed("\n\n"));
  s = s.replace(LIST_ITEM, unlessClosed("\n- "));
  s = s.replace(/<\/t[dh]\s*>/gi, " ");
  s = decodeEntities(stripTags(s));
  const lines = s.split("\n").map((line) => line.replace(/[ \t\f\v\u00a0]+/g, " ").trim());
  const out: string[] = [];
  for (const line of lines) {
    if (line === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join("\n");
}
