/**
 * `zephyr check [paths…]`: runs the test cases in `*.cases.json` files against their templates, for CI.
 * Steps, each in ../check/: discover the case files, read and check them (case-file.ts), read every input once
 * (prepare.ts), render and judge each case (run.ts, expect.ts), optionally rewrite expectations (update.ts), report
 * (reporters.ts), driven by ../actions/check.ts, which loads only when check runs. Any problem before rendering is a
 * usage error (exit 64) and nothing runs.
 */
import { type Command, Option } from "commander";
import type { CheckFlags } from "../actions/check.js";
import { addRenderFlags } from "../setup.js";

export function registerCheck(program: Command): void {
  const cmd = program
    .command("check")
    .description(
      "run template test cases (*.cases.json beside the templates) and report which pass; for CI.\n" +
        "The render flags below give defaults for every case; a case file's own values win.",
    )
    .argument(
      "[paths...]",
      "directories (searched recursively for *.cases.json), case files, or templates (their foo.cases.json)",
    );
  addRenderFlags(cmd)
    .addOption(
      new Option("--reporter <name>", "text: for people; json: one JSON object; junit: JUnit XML for CI")
        .choices(["text", "json", "junit"])
        .default("text"),
    )
    .option("--update", "rewrite each case's expectations with what it renders now, and report what changed")
    .addHelpText(
      "after",
      `
A case file sits beside its template (welcome.zephyr ↔ welcome.cases.json):
  {
    "defaults": { "now": "2024-03-15T12:00:00Z", "profile": "../profiles/ann.json" },
    "cases": [
      { "name": "greets Ann", "payload": { "to": "+12025550143", "body": "Hi Ann!" } },
      { "name": "no phone", "profile": { "keys": {} }, "diagnostics": ["AT_TO_NOT_E164"] }
    ]
  }

Examples:
  $ zephyr check                                   # every *.cases.json under the current directory
  $ zephyr check templates/ --reporter junit > junit.xml
  $ zephyr check templates/welcome.zephyr --update

Exit codes: 0 all cases pass, 1 a case failed, 2 a template does not compile (and a case did not expect it),
64 usage, no case files, or an unreadable or invalid case file or input (file:line:col on stderr; nothing runs).`,
    )
    .action(async (paths: string[], flags: CheckFlags, command: Command) => {
      // The case runner loads when check runs, not at every start of the CLI.
      const { runCheck } = await import("../actions/check.js");
      process.exitCode = await runCheck(paths, flags, command);
    });
}
