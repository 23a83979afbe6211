/** A range of template source. Lines and columns are 1-based; `endColumn` points just past the last character. */
export interface Span {
  readonly offset: number;
  readonly endOffset: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return {
    offset: a.offset,
    endOffset: b.endOffset,
    line: a.line,
    column: a.column,
    endLine: b.endLine,
    endColumn: b.endColumn,
  };
}

/**
 * Maps offsets of one source text to lines and columns: the one line index of the engine (the parser, error frames,
 * lint and the payload validator's span map all use it). Line breaks are \n, \r\n and a lone \r, as Chevrotain
 * counts them. Lookups remember the last line found, so the parser's nearly increasing offsets cost a step or two;
 * a jump falls back to a binary search, so no order of lookups is quadratic.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line of the last lookup (0-based). */
  private cursor = 0;
  constructor(readonly source: string) {
    const starts = this.starts;
    if (source.indexOf("\r") < 0) {
      // Native search: much faster than a charCodeAt loop over long text.
      for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < source.length; i++) {
        const c = source.charCodeAt(i);
        if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
  }
  /** The 0-based line of an offset (offsets past the end are on the last line). */
  lineOf(offset: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    let i = this.cursor;
    if (starts[i] <= offset) {
      if (i === last || starts[i + 1] > offset) return i;
      if (i + 1 === last || starts[i + 2] > offset) return (this.cursor = i + 1);
    }
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    i = lo;
    this.cursor = i;
    return i;
  }
  /** The offset where a 0-based line starts. */
  lineStart(line: number): number {
    return this.starts[line] ?? this.source.length;
  }
  /** 1-based line and column of an offset (columns count UTF-16 units, like editors do). */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }
  /** The span of `[offset, endOffset)` (equal offsets make a zero-width span). */
  span(offset: number, endOffset: number): Span {
    const a = this.lineOf(offset);
    const b = this.lineOf(endOffset);
    const starts = this.starts;
    return {
      offset,
      endOffset,
      line: a + 1,
      column: offset - starts[a] + 1,
      endLine: b + 1,
      endColumn: endOffset - starts[b] + 1,
    };
  }
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.source.length;
    const next = this.starts[line];
    let end = next === undefined ? this.source.length : next;
    while (end > start && (this.source.charCodeAt(end - 1) === 10 || this.source.charCodeAt(end - 1) === 13)) end--;
    return this.source.slice(start, end);
  }
  get lineCount(): number {
    return this.starts.length;
  }
}
