/**
 * `zephyr check [paths…]`: runs the test cases in `*.cases.json` files against their templates, for CI.
 * Steps, each in ../check/: discover the case files, read and check them (case-file.ts), read every input once
 * (prepare.ts), render and judge each case (run.ts, expect.ts), optionally rewrite expectations (update.ts), report
 * (reporters.ts). Any problem before rendering is a usage error (exit 64) and nothing runs.
 */
import { performance } from "node:perf_hooks";
import { CONFIG_FILE } from "@zephyr/project";
import { type Command, Option } from "commander";
import { type CaseFile, INPUT_KEYS, type Inputs, readCaseFile } from "../check/case-file.js";
import { discoverWithRoots } from "../check/discover.js";
import { type CommandDefaults, type PreparedFile, Preparer } from "../check/prepare.js";
import { projectRoot } from "../check/project.js";
import { jsonReport, junitReport, type ReporterName, summarize, textReport } from "../check/reporters.js";
import { type FileResult, runFile } from "../check/run.js";
import { updateFile } from "../check/update.js";
import { CliError, EXIT } from "../errors.js";
import { clockOptions, readText } from "../inputs.js";
import { addRenderFlags, limitOptions, type RenderFlags } from "../setup.js";
import { styleFor } from "../style.js";

interface CheckFlags extends RenderFlags {
  reporter: ReporterName;
  update?: boolean;
}

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
      process.exitCode = await runCheck(paths, flags, command);
    });
}

async function runCheck(paths: string[], flags: CheckFlags, command: Command): Promise<number> {
  const start = performance.now();
  const problems: string[] = [];
  const defaults = commandDefaults(flags, command);

  const caseFiles: CaseFile[] = [];
  for (const { path: abs, checked } of discoverWithRoots(paths.length ? paths : ["."], problems)) {
    let text: string;
    try {
      text = readText(abs, "case file");
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      problems.push(e.message);
      continue;
    }
    // Paths in the case file stay inside its project (check/project.ts).
    const file = readCaseFile(abs, text, problems, projectRoot(abs, checked));
    if (file) caseFiles.push(file);
  }
  if (problems.length) return usage(problems);

  const preparer = new Preparer(defaults, problems);
  const prepared: PreparedFile[] = [];
  for (const file of caseFiles) prepared.push(await preparer.prepare(file));
  if (problems.length) return usage(problems);

  const results: FileResult[] = [];
  for (const p of prepared) {
    const result = await runFile(p);
    if (flags.update) updateFile(result);
    results.push(result);
  }

  const exitCode = exitCodeOf(results);
  const summary = summarize(results, performance.now() - start, exitCode);
  const report =
    flags.reporter === "json"
      ? jsonReport(results, summary)
      : flags.reporter === "junit"
        ? junitReport(results, summary)
        : textReport(results, summary, styleFor(process.stdout));
  process.stdout.write(report);
  return exitCode;
}

/** 2 when a case failed because its template does not compile; 1 when any other case failed; else 0. */
function exitCodeOf(results: readonly FileResult[]): number {
  const failed = results.flatMap((r) => r.cases.filter((c) => c.status === "failed"));
  if (failed.some((c) => c.outcome?.kind === "error" && c.outcome.compile && c.failures.some((f) => f.key === "error")))
    return EXIT.TEMPLATE_ERROR;
  return failed.length ? EXIT.INVALID : EXIT.OK;
}

function usage(problems: readonly string[]): number {
  const unique = [...new Set(problems)];
  process.stderr.write(`${unique.map((p) => `zephyr: ${p}`).join("\n")}\n`);
  process.stderr.write(
    `zephyr: check stopped before running any case (${unique.length} problem${unique.length === 1 ? "" : "s"})\n`,
  );
  return EXIT.USAGE;
}

/** Render flags given on the command line become the lowest-precedence inputs of every case. */
function commandDefaults(flags: CheckFlags, command: Command): CommandDefaults {
  const given = (key: string) => {
    const source = command.getOptionValueSource(key);
    return source !== undefined && source !== "default";
  };
  if (flags.catalog && flags.feed) throw new CliError("give --catalog or --feed, not both");
  clockOptions(flags); // checks --now, --tz and --seed (usage errors)
  const inputs: Inputs = {};
  const cwd = process.cwd();
  for (const key of INPUT_KEYS) {
    if (key === "brand" || !given(key)) continue;
    const value = (flags as unknown as Record<string, unknown>)[key];
    const where = command.getOptionValueSource(key) === "config" ? `${CONFIG_FILE} "${key}"` : `--${key}`;
    if (value !== undefined) inputs[key] = { value, baseDir: cwd, where };
  }
  return { inputs, feed: flags.feed, limits: limitOptions(flags) };
}
