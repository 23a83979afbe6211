// Writes packages/zephyr/docs/functions.md from the functions registry's metadata; a test fails when it is stale.
import { writeFileSync } from "node:fs";
import { BUILTINS } from "../packages/zephyr/dist/functions/index.js";
import { renderFunctionsReference } from "../packages/zephyr/dist/functions/reference.js";

const target = new URL("../packages/zephyr/docs/functions.md", import.meta.url);
writeFileSync(target, renderFunctionsReference(BUILTINS));
console.log(`wrote ${target.pathname}`);
