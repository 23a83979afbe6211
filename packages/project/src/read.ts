/** Reading a project's input files: templates, JSON objects (profiles, data), snippet folders. */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { DEFAULT_LIMITS, type SnippetResolver } from "@zephyr/zephyr/internal";
import { ProjectError } from "./errors.js";

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

/**
 * Reads a text file, or standard input for `-`, as UTF-8 (a byte-order mark is dropped; UTF-16 with a byte-order
 * mark is decoded). Unreadable input, bytes that are not UTF-8 and NUL characters are errors that say where.
 */
export function readText(path: string, what: string): string {
  const name = path === "-" ? "standard input" : path;
  let bytes: Buffer;
  try {
    bytes = path === "-" ? readFileSync(0) : readFileSync(path);
  } catch (e) {
    throw new ProjectError(
      "ZP_INPUT",
      `cannot read ${what} ${path === "-" ? "from standard input" : path}: ${reason(e)}`,
    );
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
      throw new ProjectError(
        "ZP_INPUT",
        `${label} is not valid UTF-8: byte 0x${bytes[at]?.toString(16).padStart(2, "0")} at offset ${at} (line ${line}); save it as UTF-8`,
      );
    }
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    throw new ProjectError(
      "ZP_INPUT",
      `${label} contains a NUL character (line ${line}); it is probably not a text file`,
    );
  }
  return text;
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
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
    throw new ProjectError("ZP_INPUT", `${what} ${file}${where} is not valid JSON: ${(e as Error).message}`);
  }
}

/** A JSON object from a file (profiles, data, catalogs). */
export function readJsonObject(path: string, what: string): Record<string, unknown> {
  const value = parseJson(readText(path, what), path, what);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ProjectError("ZP_INPUT", `${what} ${path} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

export interface SnippetOptions {
  /** The template size limit (characters): a snippet file that cannot fit in it is refused before it is read. */
  maxChars?: number;
  /**
   * A folder that every snippet must really be in (its real path, symbolic links followed): `zephyr check` keeps a
   * case file's snippets inside the project. Unset: the name may not leave the snippet folder, but a symbolic link
   * in it may point elsewhere (the person running the command made it).
   */
  confine?: string;
  /** Remember each name's text for the resolver's life (default true; a long-lived editor session reads each time). */
  cache?: boolean;
}

/**
 * Snippets for `{include 'name'}` from a directory: `name`, or `name` + `.zephyr`/`.zph`/`.txt`.
 * A name may not leave the directory. Only regular files are read, each one after checking its size on the opened
 * file: a symbolic link to /dev/zero, a FIFO, a device, or a file larger than the template size limit allows is
 * refused with a message (the engine reports it at the {include}); so is one that is not UTF-8.
 */
export function snippetDirectory(dir: string, options: SnippetOptions = {}): SnippetResolver {
  const root = resolve(dir);
  try {
    if (!statSync(root).isDirectory()) throw new Error("not a directory");
  } catch (e) {
    throw new ProjectError("ZP_INPUT", `--snippets ${dir}: ${reason(e)}`);
  }
  const maxChars = options.maxChars ?? DEFAULT_LIMITS.templateSize;
  const find = (name: string): string | undefined => {
    for (const candidate of [name, `${name}.zephyr`, `${name}.zph`, `${name}.txt`]) {
      const file = resolve(root, candidate);
      const rel = relative(root, file);
      if (rel.startsWith("..") || isAbsolute(rel)) return undefined;
      const source = readSnippetFile(join(dir, rel), maxChars, options.confine);
      if (source !== undefined) return source;
    }
    return undefined;
  };
  // The engine asks on every include (it caches compiled snippets by their text); one resolver reads a file once.
  if (options.cache === false) return find;
  const read = new Map<string, string | undefined>();
  return (name) => {
    if (!read.has(name)) read.set(name, find(name));
    return read.get(name);
  };
}

/** A UTF-16 code unit takes at most 3 bytes of UTF-8: a file of more bytes than this cannot fit the limit. */
const MAX_BYTES_PER_CHAR = 3;

/**
 * One snippet file, or undefined when there is none at `path` (missing, or a folder). Opened without blocking (a
 * FIFO would otherwise wait for a writer forever), then checked on the open file descriptor (no gap between the
 * check and the read): a file that is not regular, or larger than `maxChars` characters can be, is an error.
 */
export function readSnippetFile(path: string, maxChars: number, confine?: string): string | undefined {
  if (confine !== undefined) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return undefined;
    }
    if (!isInside(realpathSync(confine), real))
      throw new ProjectError("ZP_INPUT", `snippet ${path} is a link to ${real}, outside the project ${confine}`);
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR" || code === "ELOOP") return undefined;
    throw new ProjectError("ZP_INPUT", `cannot read snippet ${path}: ${reason(e)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return undefined;
    if (!stats.isFile())
      throw new ProjectError(
        "ZP_INPUT",
        `snippet ${path} is ${fileKind(stats)}, not a regular file; only regular files are read`,
      );
    const cap = maxChars * MAX_BYTES_PER_CHAR;
    if (stats.size > cap)
      throw new ProjectError(
        "ZP_INPUT",
        `snippet ${path} is ${stats.size} bytes, more than the template size limit of ${maxChars} characters allows (--max-template-size)`,
      );
    // Read what fstat said, and one byte more to notice a file that grew since.
    const bytes = Buffer.alloc(stats.size + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < bytes.length; length += n)
      n = readSync(fd, bytes, length, bytes.length - length, null);
    if (length > cap || length > stats.size)
      throw new ProjectError("ZP_INPUT", `snippet ${path} grew while it was read; read it again`);
    return decodeText(bytes.subarray(0, length), `snippet ${path}`);
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is `root` or inside it (both absolute, real paths). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function fileKind(stats: Stats): string {
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** The file `{include 'name'}` reads from a snippet folder, or undefined (none, or the name leaves the folder). */
export function snippetFile(dir: string, name: string): string | undefined {
  const root = resolve(dir);
  for (const candidate of [name, `${name}.zephyr`, `${name}.zph`, `${name}.txt`]) {
    const file = resolve(root, candidate);
    const rel = relative(root, file);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
    try {
      if (statSync(join(root, rel)).isFile()) return join(root, rel);
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}
