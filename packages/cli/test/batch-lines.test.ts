/**
 * The batch line cutter: whole lines, numbered from 1, however the input's bytes are chunked (inside a multi-byte
 * character, a CR LF or the byte-order mark), with resume skipping.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Block, LineCutter } from "../src/batch/lines.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A block's lines as text, without the newline that ends the last one. */
function decodeBlock({ bytes }: Block): string {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(
    bytes[bytes.length - 1] === 10 ? bytes.subarray(0, -1) : bytes,
  );
}

/** Runs the cutter over `chunks`; returns [line number, text] pairs, the blocks and the cutter. */
function cut(chunks: (string | Uint8Array)[], skip = 0) {
  const cutter = new LineCutter(skip);
  const lines: [number, string][] = [];
  const blocks: Block[] = [];
  const emit = (b: Block) => {
    blocks.push(b);
    // Every block has an ArrayBuffer of its own, so it can be transferred to a worker thread.
    expect(b.bytes.buffer).not.toBe(Buffer.from("x").buffer);
    const texts = decodeBlock(b).split("\n");
    expect(texts).toHaveLength(b.lineCount);
    for (const [i, t] of texts.entries()) lines.push([b.firstLine + i, t]);
  };
  for (const chunk of chunks) cutter.push(typeof chunk === "string" ? utf8(chunk) : chunk, emit);
  cutter.end(emit);
  return { lines, blocks, cutter };
}

/** `bytes` cut into chunks of the given sizes (cycled). */
function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let pos = 0, i = 0; pos < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    chunks.push(bytes.slice(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe("LineCutter", () => {
  it("hands out every line once, in order, numbered from 1, for any chunking of the bytes and any skip", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(""), fc.string({ unit: fc.constantFrom("a", "é", "😀", " ", "\r") })), {
          maxLength: 40,
        }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        fc.nat(),
        (lineTexts, finalNewline, bom, sizes, skipSeed) => {
          const text = lineTexts.join("\n") + (finalNewline && lineTexts.length > 0 ? "\n" : "");
          const expected = text.split("\n");
          if (expected.at(-1) === "") expected.pop();
          const skip = skipSeed % (expected.length + 1);
          const { lines, cutter } = cut(chunked(utf8(bom ? `\uFEFF${text}` : text), sizes), skip);
          expect(lines).toEqual(expected.map((t, i) => [i + 1, t] as [number, string]).slice(skip));
          expect([cutter.line, cutter.unskipped]).toEqual([expected.length, 0]);
        },
      ),
    );
  });

  it("gives one block per chunk that completes a line, with the lines that cross chunk boundaries whole", () => {
    const { blocks, lines } = cut(["a\nb", "c\r\nd", "é"]);
    expect(blocks.map((b) => [b.firstLine, b.lineCount])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    // The CR of a CR LF stays in the line (the renderer drops it); the last line has no newline.
    expect(lines).toEqual([
      [1, "a"],
      [2, "bc\r"],
      [3, "dé"],
    ]);
  });

  it("keeps a character whose bytes are split across chunks whole", () => {
    const bytes = utf8("😀\né\n");
    for (let at = 1; at < bytes.length; at++) {
      expect(cut([bytes.slice(0, at), bytes.slice(at)]).lines).toEqual([
        [1, "😀"],
        [2, "é"],
      ]);
    }
  });

  it("drops a byte-order mark at the start only, even when it comes in pieces", () => {
    expect(cut(["\uFEFFa\n\uFEFFb"]).lines).toEqual([
      [1, "a"],
      [2, "\uFEFFb"],
    ]);
    const bom = utf8("\uFEFFa\n");
    expect(cut([bom.slice(0, 1), bom.slice(1, 2), bom.slice(2)]).lines).toEqual([[1, "a"]]);
    expect(cut([bom.slice(0, 3)]).lines).toEqual([]);
    expect(cut(["ab"]).lines).toEqual([[1, "ab"]]);
  });

  it("reports the lines it could not skip when the input is shorter than the resumed run's", () => {
    const { lines, cutter } = cut(["a\nb\n"], 5);
    expect(lines).toEqual([]);
    expect([cutter.line, cutter.unskipped]).toEqual([2, 3]);
  });

  // Issue 13 item 7: the resume record identifies the lines already done by their length and SHA-256.
  it("identifies the lines consumed by length and SHA-256 for any chunking; a resume over a changed prefix throws", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "é", "😀", "{", "\r") }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        fc.nat(),
        fc.nat(),
        (lineTexts, sizes, skipSeed, flipSeed) => {
          const bytes = utf8(`${lineTexts.join("\n")}\n`);
          const done = (skipSeed % lineTexts.length) + 1;
          const prefix = utf8(`${lineTexts.slice(0, done).join("\n")}\n`);
          // A first run that consumed `done` lines (as whole blocks would): what it records.
          const first = new LineCutter();
          first.push(prefix, () => {});
          first.end(() => {});
          expect(first.consumed()).toEqual({
            inputBytes: prefix.length,
            inputSha256: createHash("sha256").update(prefix).digest("hex"),
          });
          // The same input, chunked any way: the resume passes and hands out exactly the lines after them.
          const resumed = new LineCutter(done, first.consumed());
          const after: string[] = [];
          const emit = (b: Block) => after.push(...decodeBlock(b).split("\n"));
          for (const chunk of chunked(bytes, sizes)) resumed.push(chunk, emit);
          resumed.end(emit);
          expect(after).toEqual(lineTexts.slice(done));
          // One byte of the lines done changed (a newline stays a newline): refused.
          const changed = Uint8Array.from(bytes);
          const at = flipSeed % prefix.length;
          if (changed[at] === 10) return;
          changed[at] = changed[at] === 0x61 ? 0x62 : 0x61;
          const other = new LineCutter(done, first.consumed());
          expect(() => {
            for (const chunk of chunked(changed, sizes)) other.push(chunk, () => {});
            other.end(() => {});
          }).toThrow(/cannot resume: the input changed since the run being resumed/);
        },
      ),
    );
  });
});
