/**
 * Cuts a stream of bytes into blocks of whole lines, numbering them, so a block can be rendered anywhere (in this
 * thread, or shipped as is to a worker thread, which decodes it).
 */

import { createHash, type Hash } from "node:crypto";
import { CliError, EXIT } from "../errors.js";

/** What identifies the input consumed so far: its length and SHA-256 (the resume record keeps both). */
export interface Consumed {
  inputBytes: number;
  inputSha256: string;
}

/** Consecutive input lines, as UTF-8 bytes. */
export interface Block {
  /** 1-based number of the first line in the input. */
  firstLine: number;
  lineCount: number;
  /**
   * The lines, each ended by "\n" except the last line of an input that does not end with one. A view on an
   * ArrayBuffer of its own (never Node's shared Buffer pool), so it can be transferred to a worker thread.
   */
  bytes: Uint8Array;
}

const NEWLINE = 10;
const EMPTY = new Uint8Array(0);

/**
 * Feed it byte chunks in order (`push`), then `end()`. Each chunk that completes at least one line gives one block
 * of all the whole lines so far; the bytes after the last newline wait for the next chunk, so a line is never
 * split. (A newline byte is never part of a multi-byte UTF-8 character, so a block always decodes on its own.) The
 * first `skip` lines (already processed by the run being resumed) are consumed without being handed out. A UTF-8
 * byte-order mark at the very start is dropped.
 */
export class LineCutter {
  /** Lines consumed so far, skipped ones included (the number of the last line seen). */
  line = 0;
  private rest: Uint8Array = EMPTY;
  private started = false;
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;

  /**
   * @param skip lines already processed by the run being resumed
   * @param expected what identified those lines in that run: once they are skipped, a different length or hash
   *   means the input changed (a line inserted at the top would shift every record) and `push` throws a usage error
   */
  constructor(
    private skip = 0,
    private readonly expected?: Consumed,
  ) {}

  /** Length and hash of the lines consumed so far (skipped and handed out; a byte-order mark is not counted). */
  consumed(): Consumed {
    return { inputBytes: this.bytes, inputSha256: this.hash.copy().digest("hex") };
  }

  /** Lines still to skip (non-zero after `end()` means the input was shorter than expected). */
  get unskipped(): number {
    return this.skip;
  }

  push(chunk: Uint8Array, emit: (block: Block) => void): void {
    if (!this.started) {
      // The byte-order mark is 3 bytes, which may come in separate chunks.
      const head = concat(this.rest, chunk);
      if (head.length < 3) {
        this.rest = head;
        return;
      }
      this.started = true;
      this.rest = EMPTY;
      chunk = hasBom(head) ? head.subarray(3) : head;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.rest = concat(this.rest, chunk);
      return;
    }
    const bytes = concat(this.rest, chunk.subarray(0, last + 1));
    this.rest = concat(EMPTY, chunk.subarray(last + 1));
    this.cut(bytes, emit);
  }

  /** The last line, when the input does not end with a newline. */
  end(emit: (block: Block) => void): void {
    let bytes = this.rest;
    this.rest = EMPTY;
    if (!this.started && hasBom(bytes)) bytes = bytes.subarray(3);
    this.started = true;
    if (bytes.length > 0) this.cut(bytes, emit);
  }

  /** Hands out the lines of `bytes`, which end with a newline, or are the input's last line. */
  private cut(bytes: Uint8Array, emit: (block: Block) => void): void {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    let start = 0;
    if (this.skip > 0) {
      while (this.skip > 0 && start < buffer.length) {
        const nl = buffer.indexOf(NEWLINE, start);
        this.line++;
        this.skip--;
        start = nl < 0 ? buffer.length : nl + 1;
      }
      this.consume(bytes.subarray(0, start));
      if (this.skip === 0) this.verify();
      if (start >= buffer.length) return;
    }
    let count = 0;
    for (let nl = buffer.indexOf(NEWLINE, start); nl >= 0; nl = buffer.indexOf(NEWLINE, nl + 1)) count++;
    if (buffer[buffer.length - 1] !== NEWLINE) count++;
    this.consume(bytes.subarray(start));
    emit({ firstLine: this.line + 1, lineCount: count, bytes: bytes.subarray(start) });
    this.line += count;
  }

  private consume(bytes: Uint8Array): void {
    this.hash.update(bytes);
    this.bytes += bytes.length;
  }

  /** The skipped lines are the ones the resumed run read, or the input changed since: a usage error (exit 64). */
  private verify(): void {
    const want = this.expected;
    if (!want) return;
    const got = this.consumed();
    if (got.inputBytes === want.inputBytes && got.inputSha256 === want.inputSha256) return;
    const what =
      got.inputBytes !== want.inputBytes
        ? `they were ${want.inputBytes} bytes then and are ${got.inputBytes} now`
        : "their bytes differ (SHA-256)";
    throw new CliError(
      `cannot resume: the input changed since the run being resumed: its first ${this.line} lines are not the ones that run processed (${what}); resuming would write some records twice and skip others. Run without --resume to start over`,
      EXIT.USAGE,
    );
  }
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** `a` then `b`, in a new ArrayBuffer of their own (so it can be transferred). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
