// `pnpm zephyr …` from the repository root: runs the built CLI bundle, or says in one line how to build it.
import { existsSync } from "node:fs";

const bundle = new URL("../packages/cli/dist/bundle/zephyr.js", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("zephyr: the CLI is not built yet: run `npx -y pnpm@12.4.2 build` first\n");
  process.exit(64);
}
await import(bundle.href);
