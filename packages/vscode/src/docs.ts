/**
 * Where the language server's diagnostics link to (initializationOptions.docsBaseUrl): the documentation the
 * extension ships (`docs/packages/<name>/README.md` in the .vsix, copied by scripts/package.mjs), or, when the
 * extension runs from this repository (the Extension Development Host), the repository itself. No `vscode` import:
 * unit-tested in Node.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The README files the server links to, relative to a documentation base (scripts/package.mjs copies these). */
export const DOC_PACKAGES = ["zephyr", "attentive", "project", "language-server"] as const;
const PROBE = join("packages", "attentive", "README.md");

/** The `docsBaseUrl` for the server (a file URL ending in `/`), or undefined to leave the server's default. */
export function docsBaseUrl(extensionPath: string): string | undefined {
  for (const base of [join(extensionPath, "docs"), join(extensionPath, "..", "..")])
    if (existsSync(join(base, PROBE))) return pathToFileURL(join(base, "/")).href.replace(/\/?$/, "/");
  return undefined;
}

/** The language server's initialization options, as the extension starts it. */
export function serverInitializationOptions(extensionPath: string): { docsBaseUrl?: string } {
  const docs = docsBaseUrl(extensionPath);
  return docs ? { docsBaseUrl: docs } : {};
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/**
 * The 1-based line of a README that documents `code`: its table row (a line starting with `|` that names it in
 * backticks), else the heading the link's `anchor` names; undefined when neither is there.
 */
export function docLine(markdown: string, code: string, anchor: string): number | undefined {
  const lines = markdown.split(/\r?\n/);
  const row = lines.findIndex((l) => l.trimStart().startsWith("|") && l.includes(`\`${code}\``));
  if (row >= 0) return row + 1;
  const heading = lines.findIndex((l) => /^#{1,6}\s/.test(l) && headingSlug(l.replace(/^#+/, "")) === anchor);
  return heading >= 0 ? heading + 1 : undefined;
}

const docCache = new Map<string, string | null>();

/**
 * The fragment for a diagnostic's documentation link to a file (`L<line>`): VS Code opens a file link at the line a
 * `#L<line>` fragment names but ignores a heading anchor (`#error-codes`), which left the reader at the top of a long
 * README. Undefined (keep the link) when the file cannot be read or does not document the code. Files are read once.
 */
export function docLineFragment(file: string, code: string, anchor: string): string | undefined {
  if (!anchor || /^L\d/.test(anchor)) return undefined;
  let text = docCache.get(file);
  if (text === undefined) {
    try {
      text = readFileSync(file, "utf8");
    } catch {
      text = null;
    }
    docCache.set(file, text);
  }
  const line = text === null ? undefined : docLine(text, code, anchor);
  return line === undefined ? undefined : `L${line}`;
}
