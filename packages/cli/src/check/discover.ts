/** Finds the case files named by `zephyr check [paths…]`. */
import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isInside } from "../inputs.js";
import { CASE_FILE_SUFFIX, caseFileFor, display } from "./case-file.js";

/**
 * Each path is a directory (searched recursively for `*.cases.json`, skipping `node_modules` and directories whose
 * name starts with a dot), a case file, or a template (its case file is beside it: `foo.zephyr` → `foo.cases.json`).
 * Returns absolute paths, sorted within each directory, without duplicates; problems are messages for exit 64.
 */
export function discoverCaseFiles(paths: readonly string[], problems: string[]): string[] {
  return discoverWithRoots(paths, problems).map((f) => f.path);
}

/** A case file found, and the folder that was checked to find it (its project, unless a configuration says else). */
export interface Found {
  path: string;
  checked: string;
}

/** As discoverCaseFiles, with the folder checked for each: a directory given, or the folder of a file given. */
export function discoverWithRoots(paths: readonly string[], problems: string[]): Found[] {
  const roots = new Map<string, string>();
  const found = new Set<string>();
  for (const given of paths) {
    const abs = resolve(given);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(abs);
    } catch {
      problems.push(`${given}: no such file or directory`);
      continue;
    }
    if (stat.isDirectory()) {
      const before = found.size;
      walk(abs, found, abs);
      if (found.size === before) problems.push(`${given}: no *${CASE_FILE_SUFFIX} files in this directory`);
      for (const f of found) if (!roots.has(f)) roots.set(f, abs);
    } else if (abs.endsWith(CASE_FILE_SUFFIX)) {
      found.add(abs);
      if (!roots.has(abs)) roots.set(abs, dirname(abs));
    } else {
      const caseFile = caseFileFor(abs);
      if (isFile(caseFile)) {
        found.add(caseFile);
        if (!roots.has(caseFile)) roots.set(caseFile, dirname(caseFile));
      } else problems.push(`${given}: no case file for this template (expected ${display(caseFile)})`);
    }
  }
  return [...found].map((path) => ({ path, checked: roots.get(path) ?? dirname(path) }));
}

/** Walks `dir`; a case file that is a symbolic link is followed only when it stays inside `top` (the folder given). */
function walk(dir: string, found: Set<string>, top: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      walk(path, found, top);
    } else if (
      e.name.endsWith(CASE_FILE_SUFFIX) &&
      (e.isFile() || (e.isSymbolicLink() && isFile(path) && isInside(realpathSync(top), realpathSync(path))))
    ) {
      found.add(path);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
