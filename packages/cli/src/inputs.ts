import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { RenderOptions, SnippetResolver } from "@zephyr/zephyr";
import { CliError } from "./errors.js";

/**
 * Reads a text file, or standard input for `-`, as UTF-8 (a byte-order mark is dropped; UTF-16 with a byte-order
 * mark is decoded). Unreadable input, bytes that are not UTF-8 and NUL characters are usage errors (exit 64) that
 * say where: nothing is silently replaced.
 */
export function readText(path: string, what: string): string {
  const name = path === "-" ? "standard input" : path;
  let bytes: Buffer;
  try {
    bytes = path === "-" ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${what} ${path === "-" ? "from standard input" : path}: ${reason(e)}`);
  }
  return decodeText(bytes, `${what} ${name}`);
}

export function decodeText(bytes: Uint8Array, label: string): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      const line = bytes.subarray(0, at).filter((b) => b === 10).length + 1;
      throw new CliError(
        `${label} is not valid UTF-8: byte 0x${bytes[at]?.toString(16).padStart(2, "0")} at offset ${at} (line ${line}); save it as UTF-8`,
      );
    }
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    throw new CliError(`${label} contains a NUL character (line ${line}); it is probably not a text file`);
  }
  return text;
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    const next = b[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if (
      (c === 0xe0 && next < 0xa0) ||
      (c === 0xed && next > 0x9f) ||
      (c === 0xf0 && next < 0x90) ||
      (c === 0xf4 && next > 0x8f)
    )
      return i;
    i += n + 1;
  }
  return b.length;
}

/** Why a file operation failed, in words (ENOENT → "no such file", EPIPE → "the reader closed it (EPIPE)"). */
export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "no space left on the device (ENOSPC)";
    case "EDQUOT":
      return "disk quota exceeded (EDQUOT)";
    case "EPIPE":
      return "the reader closed it (EPIPE)";
    default:
      return err?.code ? err.message.replace(/^\w+: /, "") : (err?.message ?? String(e));
  }
}

/** Parses JSON text; a syntax error names the file, line and column. */
export function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    let where = "";
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split("\n").length;
      where = `:${line}:${pos - before.lastIndexOf("\n")}`;
    }
    throw new CliError(`${what} ${file}${where} is not valid JSON: ${(e as Error).message}`);
  }
}

/** A JSON object from a file (profiles, data, catalogs). */
export function readJsonObject(path: string, what: string): Record<string, unknown> {
  const value = parseJson(readText(path, what), path, what);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CliError(`${what} ${path} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Snippets for `{include 'name'}` from a directory: `name`, or `name` + `.zephyr`/`.zph`/`.txt`.
 * A name may not leave the directory.
 */
export function snippetDirectory(dir: string): SnippetResolver {
  const root = resolve(dir);
  try {
    if (!statSync(root).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new CliError(`--snippets ${dir}: ${reason(e)}`);
  }
  // The engine asks on every include (it caches compiled snippets by their text); one command reads a file once.
  const read = new Map<string, string | undefined>();
  return (name) => {
    if (!read.has(name)) read.set(name, readSnippet(root, name));
    return read.get(name);
  };
}

function readSnippet(root: string, name: string): string | undefined {
  for (const candidate of [name, `${name}.zephyr`, `${name}.zph`, `${name}.txt`]) {
    const file = resolve(root, candidate);
    const rel = relative(root, file);
    if (rel.startsWith("..") || isAbsolute(rel)) return undefined;
    try {
      return readFileSync(join(root, rel), "utf8");
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Parses `--now`, `--tz` and `--seed` into render options (bad values are usage errors). */
export function clockOptions(opts: {
  now?: string;
  tz?: string;
  seed?: string;
}): Pick<RenderOptions, "now" | "tz" | "seed"> {
  const out: Pick<RenderOptions, "now" | "tz" | "seed"> = {};
  if (opts.now !== undefined) {
    if (!Number.isFinite(Date.parse(opts.now)))
      throw new CliError(
        `--now must be an ISO 8601 date-time such as 2024-03-15T12:00:00Z; got ${JSON.stringify(opts.now)}`,
      );
    out.now = opts.now;
  }
  if (opts.tz !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: opts.tz });
    } catch {
      throw new CliError(
        `--tz must be an IANA time zone such as UTC or America/New_York; got ${JSON.stringify(opts.tz)}`,
      );
    }
    out.tz = opts.tz;
  }
  if (opts.seed !== undefined) {
    if (!/^\d+$/.test(opts.seed)) throw new CliError(`--seed must be a whole number; got ${JSON.stringify(opts.seed)}`);
    out.seed = Number(opts.seed);
  }
  return out;
}
