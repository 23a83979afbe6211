import type { Command } from "commander";
import type { BatchFlags } from "../batch/run.js";
import { addRenderFlags } from "../setup.js";

export function registerBatch(program: Command): void {
  const cmd = program
    .command("batch")
    .description(
      "render a template once per profile of an NDJSON file: one payload per line, in input order, with rejects on the side",
    )
    .argument("<template>", "template file")
    .requiredOption("--profiles <file>", "profiles, one JSON object per line (NDJSON), or - for standard input")
    .option("--out <file>", "payloads, one compact JSON object per line (default: standard output)")
    .option(
      "--rejects <file>",
      'rejected lines, one {"line", "input", "diagnostics"} per line (default: the first 10 on standard error)',
    )
    .option(
      "--workers <n>",
      "worker threads rendering in parallel, or auto: one per core (at most 4) for a profiles file of 16 MB or more, else one; the output order is kept",
      "auto",
    )
    .option("--resume", "continue a run that stopped: keep what --out already holds and go on from there");
  addRenderFlags(cmd, { profile: false })
    .addHelpText(
      "after",
      `
Each non-blank input line is one profile (the object render's --profile takes). It becomes:
  - one output line: the payload as compact JSON (with --endpoint none, the rendered text as a JSON string),
  - or one rejects line when the line is not a JSON object, the render fails, or the payload has an error:
      {"line": 12, "input": "<the line as read>", "diagnostics": [...]}   (line numbers count from 1)
  - or nothing when assert()/cancel() cancels the render: it is counted as cancelled.
Blank lines are skipped and not counted; they keep their line numbers. A summary goes to standard error, with a
progress line when standard error is a terminal. Without --now, the clock is fixed when the run starts, so all
payloads of a run (and of a run that resumes it) share one "now".

Resuming: with --out FILE, the run keeps FILE.progress up to date: how many input lines are done and how many
bytes of FILE (and of --rejects) hold their results. After a crash, kill -9, a full disk or Ctrl-C, run the same
command with --resume: FILE and the rejects file are cut back to what the record covers (a half-written last
line is dropped), the input lines already done are skipped, and the run goes on. The result is the same as one
uninterrupted run. The options must be the same as in the run being resumed, and so must the input lines already
done (FILE.progress keeps their length and SHA-256; a changed input is refused with exit 64). FILE.progress is kept at the end,
so running --resume again after a finished run does nothing new.

One profile cannot stop the run: each worker thread has a bounded heap, and a profile whose render runs out of
memory (or otherwise ends its worker) is rejected as ZE_BATCH_WORKER_DIED; the worker is replaced and every other
record is written.

Ctrl-C stops cleanly: records being rendered are dropped, only whole lines are written, the summary is printed,
and the exit code is 130 (press it again to quit without waiting for the output).

Examples:
  $ zephyr batch welcome.zephyr --profiles audience.ndjson --out /tmp/payloads.ndjson --rejects /tmp/rejects.ndjson
  $ cat profiles.ndjson | zephyr batch message.zephyr --profiles - --workers 4 > payloads.ndjson
  $ zephyr batch message.zephyr --profiles big.ndjson --out payloads.ndjson --resume

Exit codes: 0 every record written or cancelled (warnings allowed), 1 some lines rejected (or the run's own
check that read = written + rejected + cancelled failed), 2 template error, 64 usage or unreadable input,
74 an output could not be written (full disk; standard output closed early, as by | head), 130 interrupted.`,
    )
    .action(async (template: string, flags: BatchFlags) => {
      // Loaded when batch runs (node:worker_threads and the pool with it), not at every start of the CLI.
      const { runBatch } = await import("../batch/run.js");
      process.exitCode = await runBatch(template, flags);
    });
}
