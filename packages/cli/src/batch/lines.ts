/** Cuts a stream of text into blocks of whole lines, numbering them, so a block can be rendered anywhere. */

/** Consecutive input lines: `text` holds `lineCount` lines joined by "\n" (no terminator after the last). */
export interface Block {
  /** 1-based number of the first line in the input. */
  firstLine: number;
  lineCount: number;
  text: string;
}

/**
 * Feed it text chunks in order (`push`), then `end()`. It hands out blocks of at most `maxLines` whole lines;
 * the text after the last newline waits for the next chunk, so a line is never split. The first `skip` lines
 * (already processed by the run being resumed) are consumed without being handed out. A byte-order mark at the
 * very start is dropped.
 */
export class LineCutter {
  /** Lines consumed so far, skipped ones included (the number of the last line seen). */
  line = 0;
  private rest = "";
  private started = false;

  constructor(
    private readonly maxLines: number,
    private skip = 0,
  ) {}

  /** Lines still to skip (non-zero after `end()` means the input was shorter than expected). */
  get unskipped(): number {
    return this.skip;
  }

  push(chunk: string, emit: (block: Block) => void): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    const end = text.lastIndexOf("\n");
    if (end < 0) {
      this.rest = text;
      return;
    }
    this.rest = text.slice(end + 1);
    this.cut(text, end, emit);
  }

  /** The last line, when the input does not end with a newline. */
  end(emit: (block: Block) => void): void {
    const text = this.rest;
    this.rest = "";
    if (text.length > 0) this.cut(text, text.length, emit);
  }

  /** Hands out the lines of `text.slice(0, end)`; `end` is the last newline, or the text's length at the end. */
  private cut(text: string, end: number, emit: (block: Block) => void): void {
    let start = 0;
    while (this.skip > 0) {
      const nl = text.indexOf("\n", start);
      this.line++;
      this.skip--;
      if (nl < 0 || nl >= end) return;
      start = nl + 1;
    }
    let blockStart = start;
    let count = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      count++;
      if (nl < 0 || nl >= end) {
        emit({ firstLine: this.line + 1, lineCount: count, text: text.slice(blockStart, end) });
        this.line += count;
        return;
      }
      if (count === this.maxLines) {
        emit({ firstLine: this.line + 1, lineCount: count, text: text.slice(blockStart, nl) });
        this.line += count;
        count = 0;
        blockStart = nl + 1;
      }
      start = nl + 1;
    }
  }
}
