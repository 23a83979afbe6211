import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CONFIG_FILE, initConfigText } from "@zephyr/project";
import type { Command } from "commander";
import { CliError, EXIT } from "../errors.js";
import { reason } from "../inputs.js";

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
    .action((dir: string, flags: { profile?: string; force?: boolean }) => {
      const folder = resolve(dir);
      const file = join(folder, CONFIG_FILE);
      if (existsSync(file) && !flags.force) throw new CliError(`${file} exists already; --force overwrites it`);
      const profile = flags.profile ? relative(folder, resolve(flags.profile)) || flags.profile : undefined;
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(file, initConfigText({ profile }));
      } catch (e) {
        throw new CliError(`cannot write ${file}: ${reason(e)}`, EXIT.IO_ERROR);
      }
      process.stdout.write(`wrote ${file}\n`);
    });
}
