/** The playground page's files, served from packages/cli/assets/playground (found from this compiled file). */
import { readdir, readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMON_HEADERS } from "./http.js";

/** `src/serve/static.ts` and `dist/serve/static.js` are both two levels below the package root. */
export const ASSETS_DIR = fileURLToPath(new URL("../../assets/playground/", import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json; charset=utf-8",
};

/**
 * The page may load its own scripts and styles only; pictures from anywhere (a payload's `mediaUrl` is shown as an
 * `<img>`), and nothing else. No inline script runs, so a rendered value can never become code.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src * data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Answers `GET /<name>` with the asset of that name, or returns false. Only names of regular files listed in the
 * assets folder (a flat folder) are served, so no request can reach another file, whatever its dots and slashes.
 */
export async function serveAsset(pathname: string, res: ServerResponse, head = false): Promise<boolean> {
  const name = pathname === "/" ? "index.html" : pathname.slice(1);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return false;
  const type = TYPES[extname(name)];
  if (!type) return false;
  let listed: boolean;
  try {
    listed = (await readdir(ASSETS_DIR, { withFileTypes: true })).some((d) => d.isFile() && d.name === name);
  } catch {
    listed = false;
  }
  if (!listed) return false;
  const body = await readFile(join(ASSETS_DIR, name));
  res.writeHead(200, {
    ...COMMON_HEADERS,
    "Content-Type": type,
    "Content-Length": body.length,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  });
  res.end(head ? undefined : body);
  return true;
}
