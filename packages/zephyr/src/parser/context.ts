import type { IToken } from "chevrotain";
import { LineIndex, type Span } from "../span.js";

/**
 * What one parse needs to know about its source: the text, its line index and the limits. The grammar, the node
 * builders and the error hints get it passed in; nothing about a parse is kept at module level.
 */
export class ParseContext {
  readonly lines: LineIndex;
  constructor(
    readonly source: string,
    /** Expression and bracket nesting allowed (limits.depth). */
    readonly maxDepth: number,
  ) {
    this.lines = new LineIndex(source);
  }

  /**
   * Span from the first character of `a` to the last character of `b`. The lexer gives tokens their offsets only
   * (cheaper); these are the positions Chevrotain's full position tracking gives, including its one quirk: a token
   * ending in a line break after another line break ends at column 1.
   */
  tokenSpan(a: IToken, b: IToken = a): Span {
    const lines = this.lines;
    const startLine = lines.lineOf(a.startOffset);
    const last = b.startOffset + b.image.length - 1;
    const endLine = lines.lineOf(last);
    let endColumn = last - lines.lineStart(endLine) + 1;
    if (endLine > startLine && endLine > lines.lineOf(b.startOffset)) {
      const lastChar = b.image.charCodeAt(b.image.length - 1);
      if (lastChar === 10 || lastChar === 13) endColumn = 1; // the quirk
    }
    return {
      offset: a.startOffset,
      endOffset: last + 1,
      line: startLine + 1,
      column: a.startOffset - lines.lineStart(startLine) + 1,
      endLine: endLine + 1,
      endColumn: endColumn + 1,
    };
  }

  /** A span from offsets (end exclusive; equal offsets make a zero-width span). */
  offsetSpan(start: number, end: number): Span {
    return this.lines.span(start, end);
  }

  /** The 1-based line of an offset. */
  lineNumber(offset: number): number {
    return this.lines.lineOf(offset) + 1;
  }
}
