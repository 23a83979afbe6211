// Writes grammar/diagrams.html: railroad diagrams generated from the parser itself (Chevrotain's
// createSyntaxDiagramsCode), so the picture cannot drift from the grammar; a test fails when the file is stale.
// The page's scripts come from the installed chevrotain package, copied to grammar/diagrams-assets/ (works offline).
import { cpSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { diagramsHtml } from "../packages/zephyr/dist/diagrams.js";

const require = createRequire(new URL("../packages/zephyr/package.json", import.meta.url));
const chevrotainDir = join(dirname(require.resolve("chevrotain")), "..", "..");
const grammarDir = new URL("../grammar/", import.meta.url).pathname;
cpSync(join(chevrotainDir, "diagrams"), join(grammarDir, "diagrams-assets"), { recursive: true });
writeFileSync(join(grammarDir, "diagrams.html"), diagramsHtml());
console.log(`wrote ${join(grammarDir, "diagrams.html")}`);
