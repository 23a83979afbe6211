import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quoteString, SIMPLE_ESCAPES, unescapeString } from "./strings.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** The escapes, one character at a time: the definition `unescapeString` must match. */
function reference(raw: string): string {
  const body = raw.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\" || i === body.length - 1) {
      out += body[i];
      continue;
    }
    const n = body[++i];
    if (n === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += n in SIMPLE_ESCAPES ? SIMPLE_ESCAPES[n] : `\\${n}`;
  }
  return out;
}

describe("unescapeString", () => {
  it("reads every escape as the one-character-at-a-time definition does (fast-check)", () => {
    const unit = fc.constantFrom("a", "é", "\\", "n", "t", "u", "0", "f", "A", "'", '"', "/", "x", "😀");
    fc.assert(
      fc.property(fc.string({ unit }), (body) => {
        const raw = `'${body}'`;
        expect(unescapeString(raw)).toBe(reference(raw));
      }),
      { numRuns: RUNS },
    );
  });

  it("reads back what quoteString writes (fast-check)", () => {
    fc.assert(
      fc.property(fc.string(), (s) => unescapeString(quoteString(s)) === s),
      { numRuns: RUNS },
    );
  });

  it("keeps a backslash before an unknown character and at the end", () => {
    expect(unescapeString(String.raw`'C:\path\q\'`)).toBe("C:\\path\\q\\");
    expect(unescapeString(String.raw`'a\u00e9\u12'`)).toBe(String.raw`aé\u12`);
  });
});
