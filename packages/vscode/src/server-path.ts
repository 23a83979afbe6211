/** Where the extension finds the language server it starts (no `vscode` import: unit-tested in Node). */
import { isAbsolute, join } from "node:path";

/**
 * The language server bundled into the extension by scripts/bundle.mjs (an esbuild bundle of
 * packages/language-server/dist/bin.js, the `zephyr-language-server` binary), relative to the extension's folder.
 */
export const BUNDLED_SERVER = "dist/server.mjs";

/**
 * The server's entry file: the `zephyr.server.path` setting when it is set (absolute, or relative to the first
 * workspace folder), else the bundled one. It is started as `node <file> --stdio`.
 */
export function serverModule(extensionPath: string, setting: string | undefined, workspaceFolder?: string): string {
  const configured = setting?.trim();
  if (!configured) return join(extensionPath, BUNDLED_SERVER);
  if (isAbsolute(configured) || !workspaceFolder) return configured;
  return join(workspaceFolder, configured);
}
