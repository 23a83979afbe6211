// The one file of this package that uses a Node module. A browser bundle gets read-file.browser.ts instead (the
// package.json `browser` field maps one to the other), so the providers bundle for browsers without shims.
import { readFile } from "node:fs/promises";

/** A UTF-8 file's text (a byte-order mark is dropped); bytes that are not UTF-8 are an error, never replaced. */
export async function readTextFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("it is not valid UTF-8 text; save it as UTF-8");
  }
}
