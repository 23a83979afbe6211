/**
 * The playground renders off its main thread: each `POST /api/render` or `/api/validate` runs on a worker thread
 * (the batch worker's script, in its serve mode), with a bounded heap and a time bound. So a slow or hostile render
 * never holds the page's other requests, and one that runs out of memory or past the bound ends its worker (which is
 * replaced), not the server: it is answered as a result with `ok: false` and a diagnostic saying what happened.
 */
import { Worker } from "node:worker_threads";
import type { Catalog } from "@zephyr/personalize";
import type { Diagnostic, Limits } from "@zephyr/zephyr";
import { WORKER_URL } from "../batch/pool.js";
import type { RenderDefaults } from "./api.js";
import { HttpError } from "./http.js";

/** What a serve worker needs to answer as the server would (the content is the catalog the server loaded). */
export interface ServeWorkerInit {
  kind: "serve";
  catalog: Catalog | undefined;
  globals: Record<string, unknown>;
  snippetsDir?: string;
  limits?: Partial<Limits>;
  defaults: RenderDefaults;
}

export type ServeCall = "render" | "validate";

export interface ServeRequest {
  id: number;
  call: ServeCall;
  body: unknown;
}

export type ServeReply =
  | { id: number; answer: unknown }
  | { id: number; http: { status: number; message: string } }
  | { id: number; internal: string };

export interface ServePoolOptions {
  /** Renders at the same time (default 2): one slow render leaves the others a worker. */
  size?: number;
  /** A render still running after this long is stopped (default 10 000 ms). */
  timeoutMs?: number;
  /** Old-generation heap of each worker, in MB (default 256). */
  heapMb?: number;
  /** The worker script (default: the batch worker beside this code). */
  workerUrl?: URL;
}

export const SERVE_TIMEOUT_MS = 10_000;
const SERVE_HEAP_MB = 256;

interface Job {
  id: number;
  call: ServeCall;
  body: unknown;
  started: number;
  resolve(answer: unknown): void;
  reject(e: Error): void;
}

interface Thread {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Why it was stopped by the pool (time-out), or the error it reported before it ended. */
  stoppedBecause: string | undefined;
}

export class ServePool {
  private readonly threads = new Set<Thread>();
  private readonly idle: Thread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closing = false;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly heapMb: number;
  private readonly workerUrl: URL;

  constructor(
    private readonly init: ServeWorkerInit,
    options: ServePoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? 2);
    this.timeoutMs = options.timeoutMs ?? SERVE_TIMEOUT_MS;
    this.heapMb = options.heapMb ?? SERVE_HEAP_MB;
    this.workerUrl = options.workerUrl ?? WORKER_URL;
    // The workers start now, so no render waits for one to start (but one replacing a worker that stopped).
    for (let i = 0; i < this.size; i++) this.idle.push(this.spawn());
  }

  /** Runs a request on a worker: the answer, or an HttpError (400) for a bad request. */
  call(call: ServeCall, body: unknown): Promise<unknown> {
    if (this.closing) return Promise.reject(new HttpError(503, "the server is stopping"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, call, body, started: performance.now(), resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) job.reject(new HttpError(503, "the server is stopping"));
    await Promise.all([...this.threads].map((t) => t.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closing) {
      const thread = this.idle.pop() ?? (this.threads.size < this.size ? this.spawn() : undefined);
      if (!thread) return;
      const job = this.queue.shift()!;
      thread.job = job;
      thread.timer = setTimeout(() => {
        thread.stoppedBecause = `it ran longer than ${this.timeoutMs} ms and was stopped`;
        void thread.worker.terminate();
      }, this.timeoutMs);
      const request: ServeRequest = { id: job.id, call: job.call, body: job.body };
      thread.worker.postMessage(request);
    }
  }

  private spawn(): Thread {
    const thread: Thread = {
      worker: new Worker(this.workerUrl, {
        workerData: this.init,
        resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      }),
      job: undefined,
      timer: undefined,
      stoppedBecause: undefined,
    };
    this.threads.add(thread);
    thread.worker.on("message", (reply: ServeReply) => {
      const job = thread.job;
      if (!job || !("id" in reply) || reply.id !== job.id) return;
      clearTimeout(thread.timer);
      thread.job = undefined;
      if ("answer" in reply) job.resolve(reply.answer);
      else if ("http" in reply) job.reject(new HttpError(reply.http.status, reply.http.message));
      else job.reject(new Error(reply.internal));
      this.idle.push(thread);
      this.pump();
    });
    thread.worker.on("error", (e: NodeJS.ErrnoException) => {
      thread.stoppedBecause ??=
        e.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `it ran out of memory (a render may use at most ${this.heapMb} MB)`
          : `${e.name}: ${e.message}`;
    });
    thread.worker.on("exit", (code) => {
      clearTimeout(thread.timer);
      this.threads.delete(thread);
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.closing) return;
      const job = thread.job;
      if (job) job.resolve(stoppedAnswer(job, thread.stoppedBecause ?? `its thread exited with code ${code}`));
      this.pump();
    });
    return thread;
  }
}

/** The answer for a request whose worker stopped: a result, as a template error is. */
function stoppedAnswer(job: Job, why: string): Record<string, unknown> {
  const diagnostic: Diagnostic = {
    severity: "error",
    code: why.includes("ms and was stopped") ? "ZE_SERVE_TIMEOUT" : "ZE_SERVE_STOPPED",
    message: `the ${job.call === "render" ? "render" : "validation"} was stopped: ${why}; the playground goes on`,
  };
  const elapsedMs = Math.round((performance.now() - job.started) * 100) / 100;
  return job.call === "render"
    ? { ok: false, output: null, payload: null, diagnostics: [diagnostic], lint: [], elapsedMs }
    : { ok: false, payload: null, diagnostics: [diagnostic] };
}
