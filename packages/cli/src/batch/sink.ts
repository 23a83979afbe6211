/** An output of the batch (payloads or rejects): whole chunks in, byte counts out, errors kept instead of thrown. */
import type { Writable } from "node:stream";

export class Sink {
  /** Bytes handed to the stream, from the start of the file (a resumed file starts at its kept length). */
  bytes: number;
  /** Bytes the stream reported written (to the operating system). */
  flushed: number;
  failure: NodeJS.ErrnoException | undefined;
  private flushWaiter: (() => void) | undefined;

  /**
   * @param label how messages name this output ("standard output" or the file name)
   * @param owned the stream is ours to end (a file); standard output is only flushed
   */
  constructor(
    readonly label: string,
    readonly stream: Writable,
    start: number,
    private readonly owned: boolean,
    onError: (sink: Sink) => void,
  ) {
    this.bytes = start;
    this.flushed = start;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      this.failure ??= e;
      this.flushWaiter?.();
      onError(this);
    });
  }

  /** Writes a chunk of whole lines; when `needsDrain` is then true, wait for `drained()` before writing more. */
  write(data: string | Uint8Array): void {
    const chunk = typeof data === "string" ? Buffer.from(data) : data;
    this.bytes += chunk.length;
    this.stream.write(chunk, (e) => {
      if (e) return;
      this.flushed += chunk.length;
      if (this.flushed === this.bytes) this.flushWaiter?.();
    });
  }

  get needsDrain(): boolean {
    return this.stream.writableNeedDrain && !this.failure;
  }

  /** Resolves on 'drain', on an error, or when `wake` is called (the run is stopping). */
  drained(wakers: Set<() => void>): Promise<void> {
    if (!this.needsDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off("drain", done);
        this.stream.off("error", done);
        this.stream.off("close", done);
        wakers.delete(done);
        resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("error", done);
      this.stream.on("close", done);
      wakers.add(done);
    });
  }

  /** Ends a file (waits until it is closed) or waits until standard output has taken every byte. */
  async close(): Promise<void> {
    if (this.failure) {
      if (this.owned) this.stream.destroy();
      return;
    }
    if (this.owned) {
      await new Promise<void>((resolve) => {
        this.stream.once("close", resolve);
        this.stream.end();
      });
      return;
    }
    if (this.flushed === this.bytes) return;
    await new Promise<void>((resolve) => {
      this.flushWaiter = resolve;
    });
  }
}
