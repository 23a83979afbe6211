/** From output ranges back to the template: which segment of the render produced a piece of the payload. */
import type { Segment, Span } from "@zephyr/zephyr";
import { LineIndex } from "@zephyr/zephyr/internal";
import type { Finding, TextRange } from "./finding.js";
import { type JsonLocation, stringOffset } from "./json-locate.js";

const lineIndexes = new WeakMap<object, LineIndex>();

export class SpanMap {
  constructor(
    private readonly template: { readonly source: string },
    private readonly segments: readonly Segment[],
  ) {}

  /** The template span for a finding on the output `output`, whose JSON values are at `locations`. */
  forFinding(finding: Finding, output: string, locations: Map<string, JsonLocation>): Span | undefined {
    const range = finding.output ?? outputRange(finding, output, locations);
    return range && this.forRange(range);
  }

  /**
   * The span of the tag that printed part of `range` (the first one), or else the exact template text of the
   * range's start in a literal text segment. An empty range means the character at (or just before) its start.
   */
  forRange(range: TextRange): Span | undefined {
    const { start, end } = range.start < range.end ? range : { start: range.start, end: range.start + 1 };
    const touching = this.segments.filter((s) =>
      s.start === s.end ? s.start >= start && s.start < end : s.start < end && s.end > start,
    );
    const tag = touching.find((s) => s.kind === "tag");
    if (tag) return tag.span;
    const text = touching.find((s) => s.start < s.end);
    if (text) return this.narrow(text, Math.max(start, text.start), Math.min(end, text.end));
    // Past the end of the output (a syntax error at the very end): the last character.
    const last = this.segments.findLast((s) => s.start < s.end && s.end <= start);
    return last && this.narrow(last, last.end - 1, last.end);
  }

  /** The exact template text of output [from, to) inside a literal text segment (text is copied as written). */
  private narrow(segment: Segment, from: number, to: number): Span {
    const { span } = segment;
    if (segment.kind !== "text" || span.endOffset - span.offset !== segment.end - segment.start) return span;
    let index = lineIndexes.get(this.template);
    if (!index) lineIndexes.set(this.template, (index = new LineIndex(this.template.source)));
    return index.span(span.offset + from - segment.start, span.offset + to - segment.start);
  }
}

/**
 * Where a finding points in the output: a range inside a string value, the property name, the value, or for a
 * missing field the opening character of the nearest enclosing value that exists.
 */
function outputRange(finding: Finding, output: string, locations: Map<string, JsonLocation>): TextRange | undefined {
  if (finding.path === undefined) return undefined;
  const found = locations.get(finding.path);
  if (found) {
    if (finding.onKey && found.key) return found.key;
    if (!finding.within) return found.value;
    return {
      start: stringOffset(output, found.value, finding.within.start),
      end: stringOffset(output, found.value, finding.within.end),
    };
  }
  for (let pointer = finding.path; pointer !== ""; ) {
    pointer = pointer.slice(0, pointer.lastIndexOf("/"));
    const parent = locations.get(pointer);
    if (parent) return { start: parent.value.start, end: parent.value.start + 1 };
  }
  return undefined;
}
