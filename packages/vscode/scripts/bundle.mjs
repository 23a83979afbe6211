// Bundles the extension for VS Code with esbuild (run after `tsc -b`, from tsc's output, like the CLI bundle):
//   dist/extension.cjs  the extension (CommonJS, as VS Code loads extensions; `vscode` stays external), and
//   dist/server.mjs     the language server: packages/language-server/dist/bin.js (`zephyr-language-server`) with
//                       its dependencies, so the .vsix needs no node_modules. The client starts it as
//                       `node dist/server.mjs --stdio` (src/server-path.ts).
// `node scripts/bundle.mjs --client-only` skips the server (when it has not been built).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Output files, relative to the extension's folder (package.json's `main` and src/server-path.ts name them too). */
export const EXTENSION_OUT = "dist/extension.cjs";
export const SERVER_OUT = "dist/server.mjs";
export const SERVER_ENTRY = here("../../language-server/dist/bin.js");

/**
 * Builds the bundles into `outdir` (default: the extension's dist folder). With `server: false` only the extension.
 * Resolves to the files written.
 */
export async function bundle({ outdir = here("../dist"), server = true } = {}) {
  const entry = here("../dist/tsc/extension.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx tsc -b packages/vscode\` first`);
  const common = {
    bundle: true,
    platform: "node",
    target: "node20",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    logLevel: "warning",
  };
  const written = [];
  await build({
    ...common,
    entryPoints: [entry],
    outfile: `${outdir}/extension.cjs`,
    format: "cjs",
    external: ["vscode"],
  });
  written.push(`${outdir}/extension.cjs`);
  if (server) {
    if (!existsSync(SERVER_ENTRY))
      throw new Error(
        `${SERVER_ENTRY} is missing: build the language server first (npx tsc -b packages/language-server), or pass --client-only`,
      );
    await build({
      ...common,
      entryPoints: [SERVER_ENTRY],
      outfile: `${outdir}/server.mjs`,
      format: "esm",
      // CommonJS dependencies (ajv's runtime helpers, vscode-languageserver) call require(); give the ESM bundle one.
      banner: {
        js: 'import { createRequire as __zephyrRequire } from "node:module"; const require = __zephyrRequire(import.meta.url);',
      },
    });
    written.push(`${outdir}/server.mjs`);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const files = await bundle({ server: !process.argv.includes("--client-only") });
  console.log(
    `bundled ${files.length} file(s) of the VS Code extension in ${Math.round(performance.now() - started)} ms`,
  );
}
