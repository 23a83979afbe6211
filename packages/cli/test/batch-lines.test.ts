/** The batch line cutter: whole lines, numbered from 1, however the input is chunked, with resume skipping. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Block, LineCutter } from "../src/batch/lines.js";

/** Runs the cutter over `chunks`; returns [line number, text] pairs and the cutter. */
function cut(chunks: string[], maxLines: number, skip = 0) {
  const cutter = new LineCutter(maxLines, skip);
  const lines: [number, string][] = [];
  const emit = (b: Block) => {
    const texts = b.text.split("\n");
    expect(texts).toHaveLength(b.lineCount);
    expect(b.lineCount).toBeLessThanOrEqual(maxLines);
    for (const [i, t] of texts.entries()) lines.push([b.firstLine + i, t]);
  };
  for (const chunk of chunks) cutter.push(chunk, emit);
  cutter.end(emit);
  return { lines, cutter };
}

describe("LineCutter", () => {
  it("hands out every line once, in order, numbered from 1, for any chunking, block size and skip", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(""), fc.string({ unit: fc.constantFrom("a", "é", "😀", " ", "\r") })), {
          maxLength: 40,
        }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        fc.constantFrom(1, 2, 3, 256, Number.POSITIVE_INFINITY),
        fc.nat(),
        (lineTexts, finalNewline, sizes, maxLines, skipSeed) => {
          const text = lineTexts.join("\n") + (finalNewline && lineTexts.length > 0 ? "\n" : "");
          const expected = text.split("\n");
          if (expected.at(-1) === "") expected.pop();
          const skip = skipSeed % (expected.length + 1);
          const chunks: string[] = [];
          for (let pos = 0, i = 0; pos < text.length; i++) {
            const size = sizes[i % sizes.length];
            chunks.push(text.slice(pos, pos + size));
            pos += size;
          }
          const { lines, cutter } = cut(chunks, maxLines, skip);
          expect(lines).toEqual(expected.map((t, i) => [i + 1, t] as [number, string]).slice(skip));
          expect([cutter.line, cutter.unskipped]).toEqual([expected.length, 0]);
        },
      ),
    );
  });

  it("drops a byte-order mark at the start only", () => {
    expect(cut(["\uFEFFa\n\uFEFFb"], 10).lines).toEqual([
      [1, "a"],
      [2, "\uFEFFb"],
    ]);
  });

  it("reports the lines it could not skip when the input is shorter than the resumed run's", () => {
    const { lines, cutter } = cut(["a\nb\n"], 10, 5);
    expect(lines).toEqual([]);
    expect([cutter.line, cutter.unskipped]).toEqual([2, 3]);
  });
});
