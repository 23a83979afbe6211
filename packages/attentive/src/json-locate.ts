/**
 * A JSON parser that remembers where each value came from: for every JSON pointer, the output range of the value
 * and of its property name. It accepts exactly what `JSON.parse` accepts and builds the same value (duplicate keys:
 * the last one wins, in the first one's position). Errors carry an offset and a message a person can act on.
 * It is iterative, so deeply nested input cannot overflow the stack.
 */
import { childPointer, type TextRange } from "./finding.js";

export interface JsonLocation {
  /** The value, from its first to just past its last character (quotes and brackets included). */
  value: TextRange;
  /** The property name, quotes included (absent for the root and for list items). */
  key?: TextRange;
}

/** A property name that appears twice in one object. */
export interface DuplicateKey {
  pointer: string;
  /** The later occurrence, whose value wins. */
  key: TextRange;
  /** The earlier occurrence. */
  first: TextRange;
}

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

export type LocateResult =
  | { ok: true; value: unknown; locations: Map<string, JsonLocation>; duplicates: DuplicateKey[] }
  | { ok: false; error: JsonSyntaxError };

interface ObjectFrame {
  kind: "object";
  value: Record<string, unknown>;
  pointer: string;
  start: number;
  key: string;
  keyRange: TextRange;
  seen: Map<string, TextRange>;
}

interface ArrayFrame {
  kind: "array";
  value: unknown[];
  pointer: string;
  start: number;
}

type Frame = ObjectFrame | ArrayFrame;

/**
 * Thrown inside the locator and caught by `locate`. Not an Error: nothing outside sees it, and capturing a stack
 * trace would cost more than the rest of a failed parse.
 */
class SyntaxFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const WORDS = [
  ["true", true],
  ["false", false],
  ["null", null],
] as const;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Parse `text` as JSON and locate every value in it. */
export function locate(text: string): LocateResult {
  try {
    return { ok: true, ...new Locator(text).parse() };
  } catch (e) {
    if (e instanceof SyntaxFailure) return { ok: false, error: { offset: e.offset, message: e.message } };
    throw e;
  }
}

export type ParsedJson =
  | {
      ok: true;
      value: unknown;
      duplicates: DuplicateKey[];
      /** The locator's result, when it had to run (duplicate keys); `locate` it otherwise when positions are needed. */
      located?: Extract<LocateResult, { ok: true }>;
    }
  | { ok: false; error: JsonSyntaxError };

/**
 * `locate(text)` without the locations, and fast: native `JSON.parse`, then the locator only when the text does not
 * parse (for the error's offset and message) or may have duplicate keys (to report them).
 */
export function parseJson(text: string): ParsedJson {
  let value: unknown;
  let parsed = true;
  // A syntax error is reported from the locator, so JSON.parse's SyntaxError needs no stack trace (its costly part).
  const stackTraceLimit = Error.stackTraceLimit;
  if (STACK_TRACE_LIMIT_WRITABLE) Error.stackTraceLimit = 0;
  try {
    value = JSON.parse(text);
  } catch {
    parsed = false;
  } finally {
    if (STACK_TRACE_LIMIT_WRITABLE) Error.stackTraceLimit = stackTraceLimit;
  }
  if (!parsed || mayRepeatKeys(text, value)) return located(text);
  return { ok: true, value, duplicates: [] };
}

const STACK_TRACE_LIMIT_WRITABLE = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")?.writable === true;

function located(text: string): ParsedJson {
  const result = locate(text);
  return result.ok ? { ok: true, value: result.value, duplicates: result.duplicates, located: result } : result;
}

/**
 * Whether JSON text (that `JSON.parse` accepted as `value`) may have a key twice in one object. Each property in
 * the text has one ':' outside strings, and a repeated key is one property fewer in the value; so the text has no
 * repeated key exactly when it has as many such ':' as the value has properties, at every depth.
 */
function mayRepeatKeys(text: string, value: unknown): boolean {
  const properties = propertyCount(value);
  let colons = 0;
  for (let at = text.indexOf(":"); at >= 0; at = text.indexOf(":", at + 1)) colons++;
  // Fewer ':' in the whole text than properties: impossible; as many: none of them is in a string, no repeat.
  if (colons <= properties) return false;
  return colonsOutsideStrings(text) !== properties;
}

function propertyCount(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let count = 0;
  // Containers still to count; none is allocated for a value without nested ones (the usual payload).
  let stack: object[] | undefined;
  let node: object | undefined = value;
  while (node !== undefined) {
    if (Array.isArray(node)) {
      for (const child of node) if (typeof child === "object" && child !== null) (stack ??= []).push(child);
    } else {
      for (const key in node) {
        // Only own properties (an enumerable one added to Object.prototype must not count).
        if (!Object.hasOwn(node, key)) continue;
        count++;
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) (stack ??= []).push(child);
      }
    }
    node = stack?.pop();
  }
  return count;
}

function colonsOutsideStrings(text: string): number {
  let colons = 0;
  let colon = text.indexOf(":");
  let quote = text.indexOf('"');
  while (colon >= 0) {
    if (quote < 0 || colon < quote) {
      colons++;
      colon = text.indexOf(":", colon + 1);
      continue;
    }
    // A string starts at `quote`: skip to its closing quote, the next one that is not escaped.
    let close = text.indexOf('"', quote + 1);
    while (close > 0 && escaped(text, close)) close = text.indexOf('"', close + 1);
    if (close < 0) break;
    if (colon < close) colon = text.indexOf(":", close + 1);
    quote = text.indexOf('"', close + 1);
  }
  return colons;
}

/** The character at `at` follows an odd number of backslashes. */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The output offset of UTF-16 unit `index` of the decoded string whose JSON text is at `range` (quotes included).
 * `index` equal to the string's length gives the offset of the closing quote.
 */
export function stringOffset(text: string, range: TextRange, index: number): number {
  let offset = range.start + 1;
  for (let decoded = 0; decoded < index && offset < range.end - 1; decoded++) {
    if (text.charCodeAt(offset) !== 92) offset += 1;
    else offset += text[offset + 1] === "u" ? 6 : 2;
  }
  return offset;
}

class Locator {
  private pos = 0;
  private readonly stack: Frame[] = [];
  private readonly locations = new Map<string, JsonLocation>();
  private readonly duplicates: DuplicateKey[] = [];

  constructor(private readonly text: string) {}

  parse(): { value: unknown; locations: Map<string, JsonLocation>; duplicates: DuplicateKey[] } {
    this.skipSpace();
    if (this.pos >= this.text.length) throw new SyntaxFailure(0, "the output is empty: expected a JSON value");
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos < this.text.length) {
      throw new SyntaxFailure(this.pos, `unexpected ${this.describeChar(this.pos)} after the end of the JSON value`);
    }
    return { value, locations: this.locations, duplicates: this.duplicates };
  }

  /** Parses one value at `pos` (containers included, without recursion). */
  private parseValue(): unknown {
    for (;;) {
      this.skipSpace();
      const start = this.pos;
      let value: unknown;
      const c = this.text[this.pos];
      if (c === "{") {
        this.pos++;
        if (this.skipSpace() !== "}") {
          this.stack.push({
            kind: "object",
            value: {},
            pointer: this.pointerHere(),
            start,
            key: "",
            keyRange: { start, end: start },
            seen: new Map(),
          });
          this.readKey(this.stack[this.stack.length - 1] as ObjectFrame);
          continue;
        }
        this.pos++;
        value = {};
      } else if (c === "[") {
        this.pos++;
        if (this.skipSpace() !== "]") {
          this.stack.push({ kind: "array", value: [], pointer: this.pointerHere(), start });
          continue;
        }
        this.pos++;
        value = [];
      } else {
        value = this.parseScalar();
      }
      // A value is complete: store it in its container, then close every container that ends here.
      let range: TextRange = { start, end: this.pos };
      for (;;) {
        if (this.stack.length === 0) {
          this.locations.set(this.pointerHere(), { value: range });
          return value;
        }
        const frame = this.stack[this.stack.length - 1];
        if (this.store(frame, value, range)) break;
        this.stack.pop();
        value = frame.value;
        range = { start: frame.start, end: this.pos };
      }
    }
  }

  /** Stores a finished value in `frame`; true when another value follows, false when the container closed. */
  private store(frame: Frame, value: unknown, range: TextRange): boolean {
    const after = this.skipSpace();
    if (frame.kind === "object") {
      setProperty(frame.value, frame.key, value);
      this.locations.set(childPointer(frame.pointer, frame.key), { value: range, key: frame.keyRange });
      if (after === ",") {
        this.pos++;
        if (this.skipSpace() === "}") throw new SyntaxFailure(this.pos - 1, trailingComma("}"));
        this.readKey(frame);
        return true;
      }
      if (after === "}") {
        this.pos++;
        return false;
      }
      throw this.expected(`',' or '}' after the value of ${JSON.stringify(frame.key)}`);
    }
    frame.value.push(value);
    this.locations.set(childPointer(frame.pointer, frame.value.length - 1), { value: range });
    if (after === ",") {
      this.pos++;
      if (this.skipSpace() === "]") throw new SyntaxFailure(this.pos - 1, trailingComma("]"));
      return true;
    }
    if (after === "]") {
      this.pos++;
      return false;
    }
    throw this.expected(`',' or ']' after item ${frame.value.length} of the list`);
  }

  /** Reads `"name" :` into the frame, and forgets what an earlier property of the same name held. */
  private readKey(frame: ObjectFrame): void {
    const start = this.pos;
    const c = this.text[start];
    if (c !== '"') {
      if (c === "'") throw new SyntaxFailure(start, "property names must be in double quotes, not single quotes");
      throw this.expected("a property name in double quotes");
    }
    frame.key = this.parseString();
    frame.keyRange = { start, end: this.pos };
    const earlier = frame.seen.get(frame.key);
    if (earlier) {
      const pointer = childPointer(frame.pointer, frame.key);
      this.duplicates.push({ pointer, key: frame.keyRange, first: earlier });
      for (const p of this.locations.keys()) if (p.startsWith(`${pointer}/`)) this.locations.delete(p);
    }
    frame.seen.set(frame.key, frame.keyRange);
    if (this.skipSpace() !== ":") throw this.expected(`':' after the property name ${JSON.stringify(frame.key)}`);
    this.pos++;
  }

  private parseScalar(): unknown {
    const c = this.text[this.pos];
    if (c === '"') return this.parseString();
    if (c === "-" || (c >= "0" && c <= "9")) return this.parseNumber();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    if (c === "'") throw new SyntaxFailure(this.pos, "text values must be in double quotes, not single quotes");
    if (c === "}" || c === "]" || c === ",") throw new SyntaxFailure(this.pos, `expected a value before '${c}'`);
    if (/\p{L}/u.test(c ?? "")) throw this.expected("a value (text values must be in double quotes)");
    throw this.expected("a value");
  }

  private parseNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    const next = match ? this.text[this.pos + match[0].length] : undefined;
    if (!match || (next !== undefined && /[\d.eE+-]/.test(next))) {
      const detail = match && /^-?0$/.test(match[0]) && /\d/.test(next ?? "") ? ": numbers cannot start with 0" : "";
      throw new SyntaxFailure(this.pos, `invalid number${detail}`);
    }
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private parseString(): string {
    const open = this.pos;
    const text = this.text;
    let i = open + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= text.length) throw new SyntaxFailure(open, "this text value never ends: its closing '\"' is missing");
      const code = text.charCodeAt(i);
      if (code === 34) break;
      if (code < 0x20) throw new SyntaxFailure(i, controlCharMessage(code));
      if (code !== 92) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      if (e === undefined) throw new SyntaxFailure(open, "this text value never ends: its closing '\"' is missing");
      if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (e !== "u" && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        const shown = e === "u" ? text.slice(i, i + 6) : `\\${e}`;
        throw new SyntaxFailure(i, `invalid escape '${shown}' in a text value (write \\\\ for a backslash)`);
      }
      chunk = i;
    }
    this.pos = i + 1;
    return out + text.slice(chunk, i);
  }

  /** Skips JSON whitespace and returns the next character (undefined at the end). */
  private skipSpace(): string | undefined {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++this.pos);
    return text[this.pos];
  }

  private pointerHere(): string {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return "";
    return childPointer(frame.pointer, frame.kind === "object" ? frame.key : frame.value.length);
  }

  private expected(what: string): SyntaxFailure {
    if (this.pos >= this.text.length) {
      const open = this.stack[this.stack.length - 1];
      const inside = open ? ` inside ${open.kind === "object" ? "an object" : "a list"}` : "";
      return new SyntaxFailure(this.pos, `the output ends too early${inside}: expected ${what}`);
    }
    return new SyntaxFailure(this.pos, `expected ${what}, found ${this.describeChar(this.pos)}`);
  }

  private describeChar(offset: number): string {
    const c = String.fromCodePoint(this.text.codePointAt(offset) ?? 0);
    const code = c.codePointAt(0) ?? 0;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    return code > 0x20 && code !== 0x7f && code !== 0xa0 && code !== 0xfeff ? `'${c}'` : `character ${hex}`;
  }
}

function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  // JSON.parse makes "__proto__" an ordinary own property; a plain assignment would change the prototype.
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function trailingComma(close: string): string {
  return `trailing comma before '${close}': JSON does not allow a comma after the last item`;
}

function controlCharMessage(code: number): string {
  if (code === 10 || code === 13) return "line break inside a text value: JSON needs \\n instead of a real line break";
  if (code === 9) return "tab character inside a text value: JSON needs \\t instead of a real tab";
  return `control character U+${code.toString(16).toUpperCase().padStart(4, "0")} inside a text value: JSON needs it escaped as \\u${code.toString(16).padStart(4, "0")}`;
}
