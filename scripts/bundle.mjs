// Bundles the CLI into single-file ESM programs (packages/cli/dist/bundle/zephyr.js and worker.js, side by side
// so the batch pool's `new URL("./worker.js", import.meta.url)` finds the worker). Loading hundreds of small
// module files (Chevrotain pulls in lodash-es) cost most of the CLI's start-up; one file loads in a fraction of it.
// Input is tsc's output in packages/cli/dist, so the bundle runs exactly the code the type-checker saw.
import { build } from "esbuild";

const started = performance.now();
await build({
  entryPoints: { zephyr: "packages/cli/dist/bin.js", worker: "packages/cli/dist/batch/worker.js" },
  outdir: "packages/cli/dist/bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  // CommonJS dependencies (ajv's runtime helpers) call require(); give the ESM bundle one.
  banner: {
    js: 'import { createRequire as __zephyrRequire } from "node:module"; const require = __zephyrRequire(import.meta.url);',
  },
});
console.log(`bundled the zephyr CLI in ${Math.round(performance.now() - started)} ms`);
