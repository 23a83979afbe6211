/**
 * The CLI's input readers: @zephyr/project's (shared with the language server), with its errors turned into usage
 * errors (exit 64) that say where.
 */
import * as project from "@zephyr/project";
import type { RenderOptions, SnippetResolver } from "@zephyr/zephyr";
import { CliError } from "./errors.js";

export { firstInvalidUtf8, isInside, reason, type SnippetOptions } from "@zephyr/project";

/** Runs `f`; a ProjectError becomes a CliError with the same message (exit 64). */
export function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof project.ProjectError) throw new CliError(e.message);
    throw e;
  }
}

/** `usage` for promises. */
export async function usageAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof project.ProjectError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * Reads a text file, or standard input for `-`, as UTF-8 (a byte-order mark is dropped; UTF-16 with a byte-order
 * mark is decoded). Unreadable input, bytes that are not UTF-8 and NUL characters are usage errors (exit 64) that
 * say where: nothing is silently replaced.
 */
export function readText(path: string, what: string): string {
  return usage(() => project.readText(path, what));
}

export function decodeText(bytes: Uint8Array, label: string): string {
  return usage(() => project.decodeText(bytes, label));
}

/** Parses JSON text; a syntax error names the file, line and column. */
export function parseJson(text: string, file: string, what: string): unknown {
  return usage(() => project.parseJson(text, file, what));
}

/** A JSON object from a file (profiles, data, catalogs). */
export function readJsonObject(path: string, what: string): Record<string, unknown> {
  return usage(() => project.readJsonObject(path, what));
}

/**
 * Snippets for `{include 'name'}` from a directory: `name`, or `name` + `.zephyr`/`.zph`/`.txt`.
 * A name may not leave the directory; only regular files within the size limit are read (see @zephyr/project).
 */
export function snippetDirectory(dir: string, options: project.SnippetOptions = {}): SnippetResolver {
  return usage(() => project.snippetDirectory(dir, options));
}

/** One snippet file, or undefined when there is none (see @zephyr/project's `readSnippetFile`). */
export function readSnippetFile(path: string, maxChars: number, confine?: string): string | undefined {
  return usage(() => project.readSnippetFile(path, maxChars, confine));
}

/** Parses `--now`, `--tz` and `--seed` into render options (bad values are usage errors). */
export function clockOptions(opts: {
  now?: string;
  tz?: string;
  seed?: string;
}): Pick<RenderOptions, "now" | "tz" | "seed"> {
  return usage(() => project.clockOptions(opts));
}
