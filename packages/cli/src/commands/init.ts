import { CONFIG_FILE } from "@zephyr/project";
import type { Command } from "commander";
import type { InitFlags } from "../actions/init.js";

export function registerInit(program: Command): void {
  program
    .command("init")
    .description(`write a ${CONFIG_FILE} to start from: sample profile, endpoint, clock, limits, with a note per key`)
    .argument("[dir]", "the folder to write it in (the templates' folder or one above it)", ".")
    .option("--profile <file>", "the sample profile to name in it")
    .option("--force", `overwrite an existing ${CONFIG_FILE}`)
    .addHelpText(
      "after",
      `
render, preview, lint, check, batch and serve read the nearest ${CONFIG_FILE} above a template (flags override it),
and so does the language server.

Example:
  $ zephyr init templates --profile profiles/sample.json

Exit codes: 0 written, 64 it exists already (use --force) or usage, 74 it could not be written.`,
    )
    .action(async (dir: string, flags: InitFlags) => {
      const { runInit } = await import("../actions/init.js");
      runInit(dir, flags);
    });
}
