/**
 * Worker threads that render blocks in parallel: `run` answers in whatever order; the caller keeps the order. A
 * block goes to its worker as raw bytes and its payloads come back as UTF-8 bytes (both transferred, not copied), so
 * this thread neither decodes nor encodes text: it reads, cuts at newlines, and writes.
 */
import { Worker } from "node:worker_threads";
import type { Catalog } from "@zephyr/personalize";
import type { RenderFlags } from "../setup.js";
import type { Block } from "./lines.js";
import type { BlockResult } from "./process.js";

/** What a worker needs to build the same renderer as the main thread. */
export interface WorkerInit {
  templatePath: string;
  flags: RenderFlags;
  /** Globals as the main thread resolved them (catalog/feed keys and --data). */
  data: Record<string, unknown>;
  catalog: Catalog | undefined;
}

export interface WorkerRequest {
  id: number;
  block: Block;
}

export interface WorkerReply {
  id: number;
  result: BlockResult;
}

interface Slot {
  worker: Worker;
  busy: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve(r: BlockResult): void; reject(e: Error): void; slot: Slot }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(size: number, init: WorkerInit) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: new Worker(new URL("./worker.js", import.meta.url), { workerData: init }), busy: 0 };
      slot.worker.on("message", ({ id, result }: WorkerReply) => {
        const w = this.waiting.get(id);
        if (!w) return;
        this.waiting.delete(id);
        w.slot.busy--;
        w.resolve(result);
      });
      slot.worker.on("error", (e) => this.fail(e));
      slot.worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`a batch worker thread stopped unexpectedly (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  /** Renders a block on the least busy worker. */
  run(block: Block): Promise<BlockResult> {
    if (this.failure) return Promise.reject(this.failure);
    let slot = this.slots[0];
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    const id = this.nextId++;
    const promise = new Promise<BlockResult>((resolve, reject) => this.waiting.set(id, { resolve, reject, slot }));
    // The caller awaits results in order; one that fails while an earlier one is awaited is not "unhandled".
    promise.catch(() => {});
    slot.busy++;
    const request: WorkerRequest = { id, block };
    slot.worker.postMessage(request, [block.bytes.buffer as ArrayBuffer]);
    return promise;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
  }
}
