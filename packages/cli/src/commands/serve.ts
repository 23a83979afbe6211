import type { Command } from "commander";
import type { ServeFlags } from "../actions/serve.js";
import { addRenderFlags } from "../setup.js";

export const DEFAULT_PORT = 4747;

export function registerServe(program: Command): void {
  const cmd = program
    .command("serve")
    .description("start the local playground: edit a template, pick a profile, see the text message and payload live")
    .option("--port <n>", `port to listen on; 0 picks any free port (default: ${DEFAULT_PORT})`)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--templates <dir>", "folder of *.zephyr templates to open (default: fixtures/seed, if it exists)")
    .option("--profiles <dir>", "folder of *.json profiles to pick from (default: fixtures/profiles, if it exists)")
    .option("--brand <name>", "brand name Attentive puts in front of each text (counted in the segments)");
  addRenderFlags(cmd, { profile: false, platform: "stub" })
    .addHelpText(
      "after",
      `
The page and its JSON API (POST /api/render, POST /api/validate, GET /api/templates, GET /api/profiles) are
served at the URL printed on standard output. The render flags set the page's defaults; the page can change
the endpoint, escaping, brand, clock and strict mode per render. Snippets for {include} come from --snippets,
else from --templates.

Examples:
  $ zephyr serve
  $ zephyr serve --port 0 --catalog catalog.json --now 2024-03-15T12:00:00Z`,
    )
    .action(async (flags: ServeFlags) => {
      // The server, its worker pool and the language server core (node:http, node:net, node:worker_threads) load
      // only when serve runs: render does not pay for them at start-up.
      const { runServe } = await import("../actions/serve.js");
      process.exitCode = await runServe(flags, program.version() ?? undefined);
    });
}
