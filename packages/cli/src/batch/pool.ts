/**
 * Worker threads that render blocks in parallel: `run` answers in whatever order; the caller keeps the order. A
 * block goes to its worker as raw bytes and its payloads come back as UTF-8 bytes (transferred, not copied), so this
 * thread neither decodes nor encodes text: it reads, cuts at newlines, and writes.
 *
 * A batch survives any one profile. Each worker has a bounded heap (`WORKER_HEAP_MB`): a render that runs out of
 * memory ends its worker, not the process. A worker that stops is replaced, and the blocks it held are retried line by
 * line, each line alone on a worker with nothing else in flight; a line that stops its worker again is rejected
 * (ZE_BATCH_WORKER_DIED) and every other line is rendered as usual.
 */
import { Worker } from "node:worker_threads";
import type { Catalog } from "@zephyr/personalize";
import type { Diagnostic } from "@zephyr/zephyr";
import type { RenderFlags } from "../setup.js";
import type { Block } from "./lines.js";
import type { BlockResult, Reject } from "./process.js";

/** What a worker needs to build the same renderer as the main thread. */
export interface WorkerInit {
  /** As given (a file, or `-`): the template's name in messages. */
  templatePath: string;
  /** The template's text, as the main thread read it (so `-` works, and a file changed meanwhile does not matter). */
  source: string;
  flags: RenderFlags;
  /** Globals as the main thread resolved them (catalog/feed keys and --data). */
  data: Record<string, unknown>;
  catalog: Catalog | undefined;
}

export interface WorkerRequest {
  id: number;
  block: Block;
}

/** A worker's answer to a request; `{ ready: true }` once, when it has compiled the template. */
export type WorkerReply = { id: number; result: BlockResult } | { ready: true };

/**
 * Old-generation heap of each worker thread, in MB: far above what rendering a block needs (a block is 256 KB of
 * profiles), low enough that several workers and the main thread stay well under a gigabyte.
 */
export const WORKER_HEAP_MB = 256;

/**
 * The worker script: batch blocks, or the playground's renders (serve/pool.ts). Beside this module both as tsc's
 * output (dist/batch/worker.js) and in the bundle (dist/bundle/worker.js, where this code is in zephyr.js).
 */
export const WORKER_URL = new URL("./worker.js", import.meta.url);

interface Request {
  id: number;
  block: Block;
  /** Set for a single line being retried after its worker stopped: it runs alone, and is rejected if it stops one again. */
  retry: boolean;
  done(result: BlockResult): void;
  fail(e: Error): void;
}

interface Slot {
  worker: Worker;
  /** Requests sent to this worker and not answered yet. */
  inFlight: Map<number, Request>;
  ready: boolean;
  /** The error the worker reported before it stopped (ERR_WORKER_OUT_OF_MEMORY, an uncaught exception). */
  error: Error | undefined;
}

/** Options for tests: the heap limit. */
export interface PoolOptions {
  heapMb?: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  /** Requests waiting for a worker, in order: lines to retry first, each on an idle worker. */
  private readonly retries: Request[] = [];
  private readonly pending: Request[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;
  private readonly heapMb: number;
  /** Workers replaced after they stopped. */
  replaced = 0;

  constructor(
    size: number,
    private readonly init: WorkerInit,
    options: PoolOptions = {},
  ) {
    this.heapMb = options.heapMb ?? WORKER_HEAP_MB;
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  /** Renders a block on the least busy worker. */
  run(block: Block): Promise<BlockResult> {
    if (this.failure) return Promise.reject(this.failure);
    const promise = new Promise<BlockResult>((done, fail) =>
      this.pending.push({ id: this.nextId++, block, retry: false, done, fail }),
    );
    // The caller awaits results in order; one that fails while an earlier one is awaited is not "unhandled".
    promise.catch(() => {});
    this.dispatch();
    return promise;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    const slot: Slot = {
      worker: new Worker(WORKER_URL, {
        workerData: this.init,
        resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      }),
      inFlight: new Map(),
      ready: false,
      error: undefined,
    };
    slot.worker.on("message", (reply: WorkerReply) => {
      if ("ready" in reply) {
        slot.ready = true;
        return;
      }
      const request = slot.inFlight.get(reply.id);
      if (!request) return;
      slot.inFlight.delete(reply.id);
      request.done(reply.result);
      this.dispatch();
    });
    slot.worker.on("error", (e) => {
      slot.error ??= e;
    });
    slot.worker.on("exit", (code) => this.stopped(slot, code));
    return slot;
  }

  /** Sends waiting requests: a retry only to an idle worker (it runs alone), other blocks to the least busy one. */
  private dispatch(): void {
    if (this.failure) return;
    while (this.retries.length > 0) {
      const idle = this.slots.find((s) => s.inFlight.size === 0);
      if (!idle) return;
      this.send(idle, this.retries.shift()!);
    }
    while (this.pending.length > 0) {
      let slot: Slot | undefined;
      for (const s of this.slots)
        if (!holdsRetry(s) && (slot === undefined || s.inFlight.size < slot.inFlight.size)) slot = s;
      if (!slot) return;
      this.send(slot, this.pending.shift()!);
    }
  }

  private send(slot: Slot, request: Request): void {
    slot.inFlight.set(request.id, request);
    // Copied, not transferred: the bytes stay here, to be retried line by line if the worker stops.
    const message: WorkerRequest = { id: request.id, block: request.block };
    slot.worker.postMessage(message);
  }

  /** A worker stopped: replace it, and retry what it held (or reject the line that stopped a worker twice). */
  private stopped(slot: Slot, code: number): void {
    if (this.closing) return;
    const why = describeStop(slot.error, code, this.heapMb);
    if (!slot.ready) {
      // It never compiled the template: every worker would fail alike; a bug, not a profile.
      this.fail(new Error(`a batch worker thread stopped while starting: ${why}`));
      return;
    }
    const index = this.slots.indexOf(slot);
    this.slots[index] = this.start();
    this.replaced++;
    const lost = [...slot.inFlight.values()];
    const lines: Request[] = [];
    for (const request of lost) {
      if (request.retry) {
        request.done(workerDied(request.block, why));
        continue;
      }
      const parts = splitLines(request.block);
      const results: BlockResult[] = new Array(parts.length);
      let left = parts.length;
      parts.forEach((block, i) => {
        lines.push({
          id: this.nextId++,
          block,
          retry: true,
          done: (r) => {
            results[i] = r;
            if (--left === 0) request.done(mergeResults(results));
          },
          fail: request.fail,
        });
      });
    }
    // Lines keep their order, ahead of blocks not yet sent.
    this.retries.push(...lines);
    this.dispatch();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const slot of this.slots) for (const r of slot.inFlight.values()) r.fail(this.failure);
    for (const r of [...this.retries, ...this.pending]) r.fail(this.failure);
    this.retries.length = 0;
    this.pending.length = 0;
  }
}

/** A worker rendering a retried line: nothing else is sent to it until it answers. */
function holdsRetry(slot: Slot): boolean {
  for (const r of slot.inFlight.values()) if (r.retry) return true;
  return false;
}

function describeStop(error: Error | undefined, code: number, heapMb: number): string {
  const name = (error as NodeJS.ErrnoException | undefined)?.code;
  if (name === "ERR_WORKER_OUT_OF_MEMORY") return `it ran out of memory (a worker's heap is limited to ${heapMb} MB)`;
  if (error) return `${error.name}: ${error.message}`;
  return `its thread exited with code ${code}`;
}

/** Each line of `block` as a block of its own. */
export function splitLines(block: Block): Block[] {
  const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.length);
  const parts: Block[] = [];
  let start = 0;
  for (let i = 0; i < block.lineCount; i++) {
    let end = bytes.indexOf(10, start);
    end = end < 0 ? bytes.length : end + 1;
    parts.push({ firstLine: block.firstLine + i, lineCount: 1, bytes: new Uint8Array(bytes.subarray(start, end)) });
    start = end;
  }
  return parts;
}

/** The results of consecutive blocks as one. */
export function mergeResults(results: readonly BlockResult[]): BlockResult {
  const out = new Uint8Array(results.reduce((n, r) => n + r.out.length, 0));
  let at = 0;
  for (const r of results) {
    out.set(r.out, at);
    at += r.out.length;
  }
  const sum = (k: "blank" | "written" | "rejected" | "cancelled" | "warned") => results.reduce((n, r) => n + r[k], 0);
  return {
    blank: sum("blank"),
    written: sum("written"),
    rejected: sum("rejected"),
    cancelled: sum("cancelled"),
    warned: sum("warned"),
    out,
    rejects: results.map((r) => r.rejects).join(""),
  };
}

/** The result for a one-line block whose render stopped a worker twice: the line is rejected. */
function workerDied(block: Block, why: string): BlockResult {
  const text = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.length)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (text.trim() === "")
    return { blank: 1, written: 0, rejected: 0, cancelled: 0, warned: 0, out: new Uint8Array(0), rejects: "" };
  const diagnostic: Diagnostic = {
    severity: "error",
    code: "ZE_BATCH_WORKER_DIED",
    message: `rendering this profile stopped its worker thread, twice: ${why}; the other records were rendered`,
  };
  const reject: Reject = { line: block.firstLine, input: text, diagnostics: [diagnostic] };
  return {
    blank: 0,
    written: 0,
    rejected: 1,
    cancelled: 0,
    warned: 0,
    out: new Uint8Array(0),
    rejects: `${JSON.stringify(reject)}\n`,
  };
}
