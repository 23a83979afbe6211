/** `zephyr check` as it runs: commands/check.ts defines the options and imports this module only when check runs. */
import { performance } from "node:perf_hooks";
import { CONFIG_FILE } from "@zephyr/project";
import type { Command } from "commander";
import { type CaseFile, INPUT_KEYS, type Inputs, readCaseFile } from "../check/case-file.js";
import { discoverWithRoots } from "../check/discover.js";
import { type CommandDefaults, type PreparedFile, Preparer } from "../check/prepare.js";
import { projectRoot } from "../check/project.js";
import { jsonReport, junitReport, type ReporterName, summarize, textReport } from "../check/reporters.js";
import { type FileResult, runFile } from "../check/run.js";
import { updateFile } from "../check/update.js";
import { CliError, EXIT } from "../errors.js";
import { clockOptions, readText } from "../inputs.js";
import { limitOptions, type RenderFlags } from "../setup.js";
import { styleFor } from "../style.js";

export interface CheckFlags extends RenderFlags {
  reporter: ReporterName;
  update?: boolean;
}

export async function runCheck(paths: string[], flags: CheckFlags, command: Command): Promise<number> {
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
