import { type Command, Option } from "commander";
import type { FmtFlags, LintFlags } from "../actions/source.js";
import { ENDPOINT_CHOICES } from "../setup.js";

export function registerLint(program: Command): void {
  program
    .command("lint")
    .description("check templates without real data: syntax, functions, variables, and the payload's JSON skeleton")
    .argument("<templates...>", "template files")
    .option("--profile <file>", "profile for the payload check (default: a sample profile)")
    .option("--data <file>", "globals JSON; its keys count as known variables")
    .addOption(
      new Option("--endpoint <name>", "payload to check the JSON skeleton against")
        .choices(ENDPOINT_CHOICES)
        .default("text-send"),
    )
    .addHelpText(
      "after",
      "\nA template whose literal text is not a JSON object or list (plain Zephyr: an email body, a snippet) is linted\nwithout the payload check; --endpoint none skips that check for every template.\n\nExample:\n  $ zephyr lint templates/*.zephyr\n\nExit codes: 0 no errors (warnings allowed), 1 errors found, 64 unreadable input.",
    )
    .action(async (files: string[], flags: LintFlags) => {
      // The linter loads when lint runs, not at every start of the CLI.
      const { runLint } = await import("../actions/source.js");
      runLint(files, flags);
    });
}

export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("print a template in canonical form: spacing inside tags normalized, literal text untouched")
    .argument("<files...>", "template files")
    .option("--write", "rewrite the files in place")
    .option("--check", "print nothing; exit 1 when a file is not in canonical form")
    .addHelpText(
      "after",
      "\nExamples:\n  $ zephyr fmt message.zephyr\n  $ zephyr fmt --check templates/*.zephyr\n\nExit codes: 0 ok, 1 --check found files to format, 2 a template does not parse, 64 unreadable input.",
    )
    .action(async (files: string[], flags: FmtFlags) => {
      // The formatter loads when fmt runs, not at every start of the CLI.
      const { runFmt } = await import("../actions/source.js");
      runFmt(files, flags);
    });
}
