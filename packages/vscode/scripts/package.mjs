// Builds the .vsix: stages the files the extension ships in a folder, bundles into it (scripts/bundle.mjs), and runs
// `vsce package --no-dependencies` there. The staged package.json is the workspace's without "type": "module" (this
// package is ESM for its build scripts and tests; VS Code loads dist/extension.cjs as CommonJS, as every version does
// when "type" is unset), without devDependencies (workspace: specifiers mean nothing outside the workspace) and
// without scripts. Needs no network. `node scripts/package.mjs [--client-only] [--out FILE]`.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bundle } from "./bundle.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const PACKAGE_DIR = here("..");
/** What goes into the .vsix besides the bundles (.vscodeignore says the same to vsce). */
export const SHIPPED = ["README.md", "language-configuration.json", "syntaxes", ".vscodeignore"];
/** The packages whose README the language server links diagnostics to; shipped as docs/packages/<name>/README.md. */
export const DOC_PACKAGES = ["zephyr", "attentive", "project", "language-server"];

/** The manifest as shipped. */
export function shippedManifest(manifest) {
  const { type: _type, devDependencies: _dev, scripts: _scripts, ...rest } = manifest;
  return rest;
}

/**
 * Stages the extension in `stageDir`, bundles it (with the server unless `server` is false) and writes the .vsix to
 * `out`. Resolves to `out`.
 */
export async function packageVsix({
  out = join(PACKAGE_DIR, "dist/zephyr-vscode.vsix"),
  stageDir = join(PACKAGE_DIR, "dist/vsix"),
  server = true,
} = {}) {
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  for (const file of SHIPPED) await cp(join(PACKAGE_DIR, file), join(stageDir, file), { recursive: true });
  // The documentation the language server's diagnostics link to (src/docs.ts passes it as docsBaseUrl).
  for (const name of DOC_PACKAGES)
    await cp(join(PACKAGE_DIR, "..", name, "README.md"), join(stageDir, "docs", "packages", name, "README.md"));
  const license = [join(PACKAGE_DIR, "LICENSE"), join(PACKAGE_DIR, "../../LICENSE")].find((f) => existsSync(f));
  if (license) await cp(license, join(stageDir, "LICENSE"));
  const manifest = JSON.parse(await readFile(join(PACKAGE_DIR, "package.json"), "utf8"));
  await writeFile(join(stageDir, "package.json"), `${JSON.stringify(shippedManifest(manifest), null, 2)}\n`);
  await bundle({ outdir: join(stageDir, "dist"), server });
  const vsce = join(PACKAGE_DIR, "node_modules/@vscode/vsce/vsce");
  const target = resolve(out);
  await mkdir(dirname(target), { recursive: true });
  const args = ["package", "--no-dependencies", "--allow-missing-repository", "--out", target];
  if (!license) args.push("--skip-license");
  await promisify(execFile)(process.execPath, [vsce, ...args], { cwd: stageDir, timeout: 120_000 });
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--out");
  const written = await packageVsix({
    server: !process.argv.includes("--client-only"),
    ...(at > 0 ? { out: process.argv[at + 1] } : {}),
  });
  console.log(`wrote ${written}`);
}
