/**
 * Where the language server's diagnostics link to (initializationOptions.docsBaseUrl): the documentation the
 * extension ships (`docs/packages/<name>/README.md` in the .vsix, copied by scripts/package.mjs), or, when the
 * extension runs from this repository (the Extension Development Host), the repository itself. No `vscode` import:
 * unit-tested in Node.
 */
import { existsSync } from "node:fs";
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
