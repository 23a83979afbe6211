// The one file of this package that uses a Node module. A browser bundle gets read-file.browser.ts instead (the
// package.json `browser` field maps one to the other), so the providers bundle for browsers without shims.
import { readFile } from "node:fs/promises";

/** A UTF-8 file's text. */
export function readTextFile(path: string): Promise<string> {
  return readFile(path, "utf8");
}
