import { ZephyrError } from "@zephyr/zephyr";
import { Command, CommanderError } from "commander";
import { registerBatch } from "./commands/batch.js";
import { registerCheck } from "./commands/check.js";
import { registerCompile } from "./commands/compile.js";
import { registerInit } from "./commands/init.js";
import { registerPreview } from "./commands/preview.js";
import { registerRender } from "./commands/render.js";
import { registerServe } from "./commands/serve.js";
import { registerFmt, registerLint } from "./commands/source.js";
import { registerValidate } from "./commands/validate.js";
import { applyConfig, CONFIG_COMMANDS, configStart } from "./config.js";
import { CliError, EXIT } from "./errors.js";
import { formatError } from "./report.js";
import { styleFor } from "./style.js";

export const VERSION = "0.1.0";

export function buildProgram(): Command {
  const program = new Command("zephyr")
    .description(
      "Render and check Zephyr templates that build Attentive SMS/MMS payloads, before a single text goes out.",
    )
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerRender(program);
  registerPreview(program);
  registerValidate(program);
  registerLint(program);
  registerFmt(program);
  registerCheck(program);
  registerBatch(program);
  registerCompile(program);
  registerServe(program);
  registerInit(program);
  // zephyr.config.json gives the flags the command line leaves out.
  program.hook("preAction", (_program, action) => {
    if (CONFIG_COMMANDS.has(action.name())) applyConfig(action, configStart(action));
  });
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the CLI; resolves to the exit code (usage errors are 64, as design.md §5 says). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version"
        ? EXIT.OK
        : EXIT.USAGE;
    }
    if (e instanceof CliError) {
      process.stderr.write(`zephyr: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof ZephyrError) {
      process.stderr.write(`${formatError(e, styleFor(process.stderr))}\n`);
      return EXIT.TEMPLATE_ERROR;
    }
    throw e;
  }
}
