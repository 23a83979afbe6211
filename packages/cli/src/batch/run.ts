/**
 * `zephyr batch`: streams NDJSON profiles through a template into NDJSON payloads, in input order, with constant
 * memory (one read chunk, the blocks in flight and the output buffers), a resume record, and a clean stop.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, fstatSync, ftruncateSync, openSync, type Stats, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { CatalogProvider } from "@zephyr/personalize";
import { CliError, EXIT } from "../errors.js";
import { reason } from "../inputs.js";
import { cannotWrite } from "../output.js";
import { prepareRender, type RenderFlags, type RenderSetup } from "../setup.js";
import { type Style, styleFor } from "../style.js";
import { count, ProgressLine, summaryLine } from "./display.js";
import { type Block, type Consumed, LineCutter } from "./lines.js";
import { WorkerPool } from "./pool.js";
import type { BlockResult, Reject } from "./process.js";
import { Sink } from "./sink.js";
import {
  emptyTally,
  type Progress,
  progressPath,
  readProgress,
  type Settings,
  settingsMismatch,
  type Tally,
  writeProgress,
} from "./state.js";

export interface BatchFlags extends RenderFlags {
  profiles: string;
  out?: string;
  rejects?: string;
  workers: string;
  resume?: boolean;
}

/** Exit code when an output cannot be written: a full disk, a closed pipe (sysexits' EX_IOERR). */

/** Blocks in flight per worker thread: enough to keep each busy, few enough to keep memory flat. */
const BLOCKS_PER_WORKER = 4;
const READ_CHUNK = 256 * 1024;
const OUT_BUFFER = 1024 * 1024;
/** At most this often, the resume record is rewritten. */
const CHECKPOINT_MS = 100;
/** Without --rejects, this many rejected lines are shown on standard error. */
const SHOWN_REJECTS = 10;

interface Input {
  stream: Readable;
  /** Size in bytes of a regular file (for the progress bar's percentage and ETA). */
  size: number | undefined;
  stats: Stats | undefined;
}

interface Output {
  fd: number;
  stats: Stats;
  regular: boolean;
  /** The file's length when opened. */
  size: number;
}

/** What is on disk after a written block: the resume record, once the bytes are flushed. */
interface Mark extends Tally, Consumed {
  outBytes: number;
  rejectsBytes: number;
}

export async function runBatch(templatePath: string, flags: BatchFlags): Promise<number> {
  const started = performance.now();
  const asked = parseWorkers(flags.workers);
  if (templatePath === "-" && flags.profiles === "-")
    throw new CliError("the template and --profiles cannot both come from standard input");
  if (flags.rejects === "-") throw new CliError("--rejects needs a file name (standard output holds the payloads)");
  const outFile = flags.out === undefined || flags.out === "-" ? undefined : flags.out;
  if (flags.resume && !outFile)
    throw new CliError("--resume needs --out FILE: it continues the payloads already written to that file");

  const input = openInput(flags.profiles);
  try {
    const statePath = outFile !== undefined && isRegularOrMissing(outFile) ? progressPath(outFile) : undefined;
    if (flags.resume && !statePath) throw new CliError(`--resume needs --out to be a regular file; ${outFile} is not`);
    const prior = flags.resume ? readProgress(statePath!) : undefined;

    // One clock for the whole run (and for the run that resumes it), so every payload says the same "now".
    const now = flags.now ?? (prior?.settings["--now"] as string | undefined) ?? new Date().toISOString();
    const renderFlags: RenderFlags = { ...flags, now };
    const setup = await prepareRender(templatePath, renderFlags);
    const settings = settingsOf(templatePath, flags, setup);
    const mismatch = prior && settingsMismatch(prior.settings, settings);
    if (mismatch) throw new CliError(mismatch);

    const out = outFile === undefined ? undefined : openOutput(outFile, "--out", input.stats);
    const rejectsOut = flags.rejects === undefined ? undefined : openOutput(flags.rejects, "--rejects", input.stats);
    if (out && rejectsOut && sameFile(out.stats, rejectsOut.stats))
      throw new CliError("--out and --rejects must be different files");
    const startOut = prior?.outBytes ?? 0;
    const startRejects = prior?.rejectsBytes ?? 0;
    if (flags.resume && !prior && out!.size > 0)
      throw new CliError(
        `cannot resume: ${statePath} is missing, so how much of the input ${outFile} already covers is unknown; run without --resume to start over`,
      );
    if (out && out.size < startOut)
      throw new CliError(
        `cannot resume: ${outFile} holds ${count(out.size)} bytes, fewer than the ${count(startOut)} the run being resumed wrote; it was changed since. Run without --resume to start over`,
      );
    if (rejectsOut?.regular && rejectsOut.size < startRejects)
      throw new CliError(
        `cannot resume: ${flags.rejects} holds ${count(rejectsOut.size)} bytes, fewer than the ${count(startRejects)} the run being resumed wrote; it was changed since. Run without --resume to start over`,
      );
    // The record first, then the cut: a run killed in between leaves a record that still describes the files.
    const progress: Progress = {
      ...(prior ?? { ...emptyTally(), outBytes: 0, rejectsBytes: 0, ...new LineCutter().consumed() }),
      version: 2,
      settings,
    };
    if (statePath) writeProgress(statePath, progress);
    if (statePath) ftruncateSync(out!.fd, startOut);
    if (rejectsOut?.regular) ftruncateSync(rejectsOut.fd, startRejects);

    const provider = setup.options.provider;
    if (!(provider instanceof CatalogProvider)) throw new Error("batch workers need the catalog content provider");
    const workers =
      asked !== "auto"
        ? asked
        : (input.size ?? 0) >= AUTO_WORKERS_MIN_BYTES
          ? Math.min(availableParallelism(), AUTO_WORKERS_MAX)
          : 1;
    // Always on worker threads, even one: a profile whose render runs out of memory ends its worker (replaced, the
    // line rejected), never the run.
    const renderer = new WorkerPool(workers, {
      templatePath,
      source: setup.template.source,
      flags: renderFlags,
      data: setup.data,
      catalog: provider.catalog,
    });

    const run = new BatchRun({
      input,
      renderer,
      workers,
      out: out ? { fd: out.fd, label: outFile!, start: startOut } : undefined,
      rejects: rejectsOut ? { fd: rejectsOut.fd, label: flags.rejects!, start: startRejects } : undefined,
      statePath,
      progress,
    });
    const code = await run.execute();
    run.report((performance.now() - started) / 1000, prior);
    return code;
  } finally {
    input.stream.destroy();
  }
}

interface SinkSpec {
  fd: number;
  label: string;
  start: number;
}

interface RunOptions {
  input: Input;
  renderer: WorkerPool;
  workers: number;
  out: SinkSpec | undefined;
  rejects: SinkSpec | undefined;
  statePath: string | undefined;
  /** The record as it stands before this run (counts of the run being resumed). */
  progress: Progress;
}

class BatchRun {
  private readonly err: Style = styleFor(process.stderr);
  private readonly out: Sink;
  private readonly rejects: Sink | undefined;
  private readonly cutter: LineCutter;
  private readonly queue: { lineCount: number; consumed: Consumed; result: BlockResult | Promise<BlockResult> }[] = [];
  private readonly maxQueued: number;
  private readonly marks: Mark[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly bar: ProgressLine | undefined;
  private readonly tally: Tally;
  /** The newest mark whose bytes are flushed: what the outputs are known to hold. */
  private durable: Mark;
  private unsaved = false;
  private shownRejects = 0;
  private lastCheckpoint = 0;
  private stopping = false;
  private interrupted = false;
  private failure: { message: string; code: number } | undefined;
  private readonly loopStart = performance.now();

  constructor(private readonly o: RunOptions) {
    const onError = (sink: Sink) => this.outputFailed(sink);
    this.out = o.out
      ? new Sink(o.out.label, fileStream(o.out), o.out.start, true, onError)
      : new Sink("standard output", process.stdout, 0, false, onError);
    this.rejects = o.rejects
      ? new Sink(o.rejects.label, fileStream(o.rejects), o.rejects.start, true, onError)
      : undefined;
    this.cutter = new LineCutter(o.progress.lines, o.progress);
    this.maxQueued = o.workers * BLOCKS_PER_WORKER;
    const { lines, blank, written, rejected, cancelled, warned } = o.progress;
    this.tally = { lines, blank, written, rejected, cancelled, warned };
    const { outBytes, rejectsBytes, inputBytes, inputSha256 } = o.progress;
    this.durable = { ...this.tally, outBytes, rejectsBytes, inputBytes, inputSha256 };
    if (process.stderr.isTTY) this.bar = new ProgressLine(process.stderr, this.err, this.loopStart, o.input.size);
  }

  /** Reads, renders and writes until the input ends or the run stops; resolves to the exit code. */
  async execute(): Promise<number> {
    const onSigint = () => this.interrupt();
    process.on("SIGINT", onSigint);
    try {
      await this.pump();
    } finally {
      process.off("SIGINT", onSigint);
      await this.o.renderer.close();
    }
    await this.out.close();
    await this.rejects?.close();
    this.checkpoint(true);
    this.bar?.clear();
    if (this.failure) return this.failure.code;
    if (this.interrupted) return EXIT.INTERRUPTED;
    if (this.cutter.unskipped > 0) {
      this.failure = {
        message: `cannot resume: the input has ${count(this.cutter.line)} lines, fewer than the ${count(this.o.progress.lines)} the run being resumed had processed`,
        code: EXIT.USAGE,
      };
      return EXIT.USAGE;
    }
    const problem = this.accountingProblem();
    if (problem) {
      this.failure = { message: `data check failed: ${problem}`, code: EXIT.INVALID };
      return EXIT.INVALID;
    }
    return this.tally.rejected > 0 ? EXIT.INVALID : EXIT.OK;
  }

  private async pump(): Promise<void> {
    const submit = (block: Block) => {
      this.queue.push({
        lineCount: block.lineCount,
        consumed: this.cutter.consumed(),
        result: this.o.renderer.run(block),
      });
    };
    let readError: NodeJS.ErrnoException | undefined;
    this.o.input.stream.once("error", (e) => {
      readError = e;
    });
    try {
      for await (const chunk of this.o.input.stream) {
        if (this.stopping) break;
        this.cutter.push(chunk as Buffer, submit);
        await this.drainQueue(this.maxQueued);
        if (this.stopping) break;
      }
    } catch (e) {
      if (this.stopping) return;
      if (e instanceof CliError) {
        // The input is not the one the resumed run read (lines.ts); nothing of this run was written.
        this.fail(e.message, e.exitCode);
        return;
      }
      if (e !== readError) throw e;
      const from = this.o.input.stats ? "the profiles file" : "standard input";
      this.fail(`cannot read ${from}: ${reason(readError)}; stopped after line ${count(this.tally.lines)}`, EXIT.USAGE);
      return;
    }
    if (this.stopping) return;
    this.cutter.end(submit);
    await this.drainQueue(0);
  }

  /** Writes finished blocks, in order, until at most `limit` are queued. */
  private async drainQueue(limit: number): Promise<void> {
    while (this.queue.length > limit && !this.stopping) {
      const { lineCount, consumed, result } = this.queue.shift()!;
      const r = await result;
      if (this.stopping) return;
      this.write(lineCount, consumed, r);
      if (this.out.needsDrain) await this.out.drained(this.wakers);
      if (this.rejects?.needsDrain) await this.rejects.drained(this.wakers);
    }
  }

  private write(lineCount: number, consumed: Consumed, r: BlockResult): void {
    if (r.out.length > 0) this.out.write(r.out);
    if (r.rejects.length > 0) {
      if (this.rejects) this.rejects.write(r.rejects);
      else this.showRejects(r.rejects);
    }
    const t = this.tally;
    t.lines += lineCount;
    t.blank += r.blank;
    t.written += r.written;
    t.rejected += r.rejected;
    t.cancelled += r.cancelled;
    t.warned += r.warned;
    this.marks.push({ ...t, ...consumed, outBytes: this.out.bytes, rejectsBytes: this.rejects?.bytes ?? 0 });
    this.checkpoint(false);
    this.bar?.update(this.recordsThisRun(t), inputBytes(this.o.input.stream));
  }

  /**
   * Advances `durable` to the newest mark whose bytes the outputs have flushed, and saves it as the resume record
   * (at most every CHECKPOINT_MS, unless `final`).
   */
  private checkpoint(final: boolean): void {
    const rejectsFlushed = this.rejects?.flushed ?? 0;
    while (this.marks.length > 0 && this.marks[0].outBytes <= this.out.flushed) {
      if (this.marks[0].rejectsBytes > rejectsFlushed) break;
      this.durable = this.marks.shift()!;
      this.unsaved = true;
    }
    if (!this.o.statePath || !this.unsaved) return;
    const now = performance.now();
    if (!final && now - this.lastCheckpoint < CHECKPOINT_MS) return;
    this.lastCheckpoint = now;
    this.unsaved = false;
    try {
      writeProgress(this.o.statePath, { ...this.o.progress, ...this.durable });
    } catch (e) {
      this.fail(`cannot write ${this.o.statePath}: ${reason(e)}`, EXIT.IO_ERROR);
    }
  }

  private showRejects(lines: string): void {
    for (const line of lines.split("\n")) {
      if (line === "" || this.shownRejects >= SHOWN_REJECTS) continue;
      this.shownRejects++;
      const { line: n, diagnostics } = JSON.parse(line) as Reject;
      const d = diagnostics.find((x) => x.severity === "error") ?? diagnostics[0];
      this.bar?.clear();
      process.stderr.write(
        `${this.err.bold(`line ${n}`)}: ${this.err.red("rejected")} ${this.err.dim(d.code)}${d.path ? ` ${d.path}` : ""}: ${d.message}\n`,
      );
    }
  }

  private interrupt(): void {
    if (this.interrupted) {
      // A second Ctrl-C: the output may be stuck (a reader that stopped reading); quit now.
      this.bar?.clear();
      process.stderr.write("zephyr: interrupted again; quitting without waiting for the output\n");
      process.exit(EXIT.INTERRUPTED);
    }
    this.interrupted = true;
    this.stop();
  }

  private outputFailed(sink: Sink): void {
    const e = sink.failure!;
    const hint =
      e.code === "EPIPE" ? "" : this.o.statePath ? "; fix that and run the same command with --resume to continue" : "";
    this.fail(`${cannotWrite(sink.label, e)}${hint}`, EXIT.IO_ERROR);
  }

  private fail(message: string, code: number): void {
    this.failure ??= { message, code };
    this.stop();
  }

  /** Stops reading and writing: blocks not yet written are dropped (only whole blocks are ever written). */
  private stop(): void {
    this.stopping = true;
    this.o.input.stream.destroy();
    for (const wake of this.wakers) wake();
  }

  /** Every line read is written, rejected, cancelled or blank; the files hold exactly the bytes written. */
  private accountingProblem(): string | undefined {
    const t = this.tally;
    const accounted = t.blank + t.written + t.rejected + t.cancelled;
    if (accounted !== t.lines)
      return `${count(t.lines - t.blank)} records were read but ${count(t.written)} written + ${count(t.rejected)} rejected + ${count(t.cancelled)} cancelled = ${count(accounted - t.blank)}`;
    for (const [sink, file] of [
      [this.out, this.o.out],
      [this.rejects, this.o.rejects],
    ] as const) {
      if (!sink || !file) continue;
      const stats = statSync(file.label, { throwIfNoEntry: false });
      if (stats?.isFile() && stats.size !== sink.bytes)
        return `${sink.label} holds ${count(stats.size)} bytes, but ${count(sink.bytes)} were written to it`;
    }
    return undefined;
  }

  /** Records (non-blank lines) done by this run, of `t`. */
  private recordsThisRun(t: Tally): number {
    return t.lines - t.blank - (this.o.progress.lines - this.o.progress.blank);
  }

  /**
   * The summary on standard error, after any failure message. After a write failure it counts what the outputs
   * are known to hold, not what was handed to them.
   */
  report(seconds: number, prior: Progress | undefined): void {
    const err = this.err;
    if (this.failure) process.stderr.write(`zephyr: ${this.failure.message}\n`);
    const t = this.failure ? this.durable : this.tally;
    const records = this.recordsThisRun(t);
    const rate = records / Math.max((performance.now() - this.loopStart) / 1000, 1e-3);
    const lines = [summaryLine(t, seconds, rate, err)];
    if (prior) lines.push(`  resumed after line ${count(prior.lines)}: ${count(records)} records in this run`);
    if (this.o.workers > 1) lines.push(`  rendered on ${this.o.workers} worker threads`);
    const replaced = this.o.renderer.replaced;
    if (replaced > 0)
      lines.push(
        `  ${count(replaced)} worker thread${replaced === 1 ? "" : "s"} stopped while rendering and ${replaced === 1 ? "was" : "were"} replaced; their records were retried one by one`,
      );
    if (t.warned > 0) lines.push(`  ${count(t.warned)} written payloads have warnings`);
    if (t.rejected > 0)
      lines.push(
        this.o.rejects
          ? `  rejected lines are in ${this.o.rejects.label}`
          : `  ${t.rejected > this.shownRejects ? `${count(t.rejected - this.shownRejects)} more not shown; ` : ""}add --rejects FILE to keep every rejected line with its diagnostics`,
      );
    if (this.interrupted && !this.failure)
      lines.push(
        this.o.statePath
          ? `  interrupted after line ${count(t.lines)}: run the same command with --resume to continue`
          : `  interrupted after line ${count(t.lines)}: every line written is whole`,
      );
    process.stderr.write(`${lines.join("\n")}\n`);
  }
}

function fileStream(spec: SinkSpec) {
  return createWriteStream(spec.label, { fd: spec.fd, highWaterMark: OUT_BUFFER });
}

function inputBytes(stream: Readable): number {
  return (stream as Readable & { bytesRead?: number }).bytesRead ?? 0;
}

/**
 * `--workers auto`: worker threads pay for their start (each loads the CLI and compiles the template) from about
 * 100 000 profiles on; below 16 MB of profiles, or from standard input (size unknown), one thread renders.
 */
const AUTO_WORKERS_MIN_BYTES = 16 * 1024 * 1024;
const AUTO_WORKERS_MAX = 4;

function parseWorkers(value: string): number | "auto" {
  if (value === "auto") return "auto";
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256)
    throw new CliError(`--workers must be auto or a whole number from 1 to 256; got ${JSON.stringify(value)}`);
  return Number(value);
}

function openInput(path: string): Input {
  if (path === "-") {
    return { stream: process.stdin, size: undefined, stats: undefined };
  }
  let fd: number;
  let stats: Stats;
  try {
    fd = openSync(path, "r");
    stats = fstatSync(fd);
  } catch (e) {
    throw new CliError(`cannot read profiles ${path}: ${reason(e)}`);
  }
  if (stats.isDirectory()) throw new CliError(`cannot read profiles ${path}: it is a directory`);
  const stream = createReadStream("", { fd, highWaterMark: READ_CHUNK });
  return { stream, size: stats.isFile() ? stats.size : undefined, stats };
}

function isRegularOrMissing(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}

/** Opens an output for appending (created if missing, cut later); never the input file itself. */
function openOutput(path: string, flag: string, input: Stats | undefined): Output {
  let fd: number;
  let stats: Stats;
  try {
    fd = openSync(path, "a");
    stats = fstatSync(fd);
  } catch (e) {
    throw new CliError(`cannot write ${flag} ${path}: ${reason(e)}`);
  }
  if (input && sameFile(stats, input))
    throw new CliError(`${flag} ${path} is the --profiles file: writing it would destroy the input`);
  return { fd, stats, regular: stats.isFile(), size: stats.size };
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.isFile() && b.isFile() && a.dev === b.dev && a.ino === b.ino;
}

/** What must be the same for `--resume` to continue the same output (paths absolute, the template by content). */
function settingsOf(templatePath: string, flags: BatchFlags, setup: RenderSetup): Settings {
  const path = (p: string | undefined) => (p === undefined ? null : p === "-" ? "-" : resolve(p));
  return {
    template: path(templatePath),
    "template sha256": createHash("sha256").update(setup.template.source).digest("hex"),
    "--profiles": path(flags.profiles),
    "--rejects": path(flags.rejects),
    "--data": path(flags.data),
    "--catalog": path(flags.catalog),
    "--feed": flags.feed ?? null,
    "--snippets": path(flags.snippets),
    "--endpoint": flags.endpoint,
    "--escape": setup.options.escape ?? null,
    "--strict": flags.strict === true,
    "--now": setup.options.now === undefined ? null : String(setup.options.now),
    "--tz": flags.tz ?? null,
    "--seed": flags.seed ?? null,
    "--max-*": JSON.stringify(setup.options.limits ?? {}),
  };
}
