#!/usr/bin/env node
/** zephyr-language-server --stdio: the Zephyr language server over standard input and output. */

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(
    "usage: zephyr-language-server --stdio\n\nThe Zephyr language server (LSP 3.17) over standard input and output.\nSee packages/language-server/README.md for editor set-up.\n",
  );
  process.exit(0);
}
if (args.includes("--version")) {
  process.stdout.write("0.1.0\n");
  process.exit(0);
}
if (!args.includes("--stdio")) {
  process.stderr.write("zephyr-language-server: give --stdio (the only transport); --help for usage\n");
  process.exit(64);
}
// Loaded only now: a usage error answers at once.
const { createConnection, ProposedFeatures } = await import("vscode-languageserver/node.js");
const { startServer } = await import("./node/server.js");
startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
