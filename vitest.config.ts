import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so a unit test never needs a build first.
    alias: {
      // The internal subpath first: a string alias also matches longer paths that start with it.
      "@zephyr/zephyr/internal": fileURLToPath(new URL("./packages/zephyr/src/internal.ts", import.meta.url)),
      "@zephyr/zephyr": src("zephyr"),
      "@zephyr/attentive": src("attentive"),
      "@zephyr/personalize": src("personalize"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "packages/bench/**"],
    testTimeout: 20_000,
    pool: "threads",
  },
});
