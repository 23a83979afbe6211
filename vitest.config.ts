import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string, entry = "index") =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

/** Each package's main entry and its `internal` subpath, matched exactly (a bare prefix would swallow the subpath). */
const entries = (pkg: string) => [
  { find: new RegExp(`^@zephyr/${pkg}/internal$`), replacement: src(pkg, "internal") },
  { find: new RegExp(`^@zephyr/${pkg}$`), replacement: src(pkg) },
];

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a unit test never needs a build first.
    alias: [
      // The payload schemas (JSON files) before the package's entries.
      {
        find: /^@zephyr\/attentive\/schemas\//,
        replacement: fileURLToPath(new URL("./packages/attentive/schemas/", import.meta.url)),
      },
      ...entries("zephyr"),
      ...entries("attentive"),
      ...entries("personalize"),
      ...entries("project"),
      ...entries("language-server"),
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "packages/bench/**"],
    testTimeout: 20_000,
    pool: "threads",
  },
});
