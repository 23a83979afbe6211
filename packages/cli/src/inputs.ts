import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { RenderOptions, SnippetResolver } from "@zephyr/zephyr";
import { CliError } from "./errors.js";

/** Reads a text file, or standard input for `-`; unreadable input is a usage error (exit 64). */
export function readText(path: string, what: string): string {
  try {
    const text = path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    throw new CliError(`cannot read ${what} ${path === "-" ? "from standard input" : path}: ${reason(e)}`);
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ENOENT") return "no such file";
  if (err?.code === "EISDIR") return "it is a directory";
  if (err?.code === "EACCES") return "permission denied";
  return err?.message ?? String(e);
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
  return (name) => {
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
  };
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
