import fc from "fast-check";
import { SegmentedMessage } from "sms-segments-calculator";
import { describe, expect, it } from "vitest";
import { gsmReplacement, gsmSeptets } from "./gsm.js";
import { type SmsFacts, simpleGrapheme, smsFacts, type Ucs2Character } from "./sms.js";

const runs = Number(process.env.FUZZ_RUNS ?? 300);

/** The oracle's units: septets for GSM-7, UTF-16 units for UCS-2 (message bits without the headers). */
function oracle(text: string) {
  const m = new SegmentedMessage(text);
  return {
    encoding: m.encodingName,
    segments: m.segmentsCount,
    units: m.messageSize / (m.encodingName === "GSM-7" ? 7 : 16),
  };
}

describe("smsFacts: hand-computed cases", () => {
  it("fits 160 GSM characters in one SMS and splits 161 into two parts of at most 153", () => {
    expect(smsFacts("a".repeat(160))).toMatchObject({
      encoding: "GSM-7",
      units: 160,
      segments: 1,
      unitsPerSegment: 160,
    });
    expect(smsFacts("a".repeat(161))).toMatchObject({
      encoding: "GSM-7",
      units: 161,
      segments: 2,
      unitsPerSegment: 153,
    });
    expect(smsFacts("a".repeat(306)).segments).toBe(2);
    expect(smsFacts("a".repeat(307)).segments).toBe(3);
  });

  it("counts an extension character such as € as two septets", () => {
    expect(smsFacts("€")).toMatchObject({
      encoding: "GSM-7",
      units: 2,
      characters: 1,
      segments: 1,
      ucs2Characters: [],
    });
    expect(smsFacts(`${"a".repeat(158)}€`).segments).toBe(1);
    expect(smsFacts(`${"a".repeat(159)}€`).segments).toBe(2);
  });

  it("never splits an escape pair: € that does not fit in part 1 moves to part 2", () => {
    // 152 + 2 + 152 = 306 septets = exactly two parts of 153, but € cannot straddle the boundary.
    expect(smsFacts(`${"a".repeat(152)}€${"a".repeat(152)}`)).toMatchObject({ units: 306, segments: 3 });
  });

  it("switches to UCS-2 for one emoji, which costs two UTF-16 units", () => {
    expect(smsFacts("😀")).toEqual({
      encoding: "UCS-2",
      units: 2,
      characters: 1,
      segments: 1,
      unitsPerSegment: 70,
      ucs2Characters: [{ char: "😀", index: 0, codePoint: 0x1f600 }],
    });
  });

  it("fits 70 UCS-2 units in one SMS and splits 71 into parts of at most 67", () => {
    expect(smsFacts("ç".repeat(70))).toMatchObject({ encoding: "UCS-2", units: 70, segments: 1, unitsPerSegment: 70 });
    expect(smsFacts("ç".repeat(71))).toMatchObject({ encoding: "UCS-2", units: 71, segments: 2, unitsPerSegment: 67 });
  });

  it("never splits a surrogate pair across parts", () => {
    // 66 + 2 + 66 = 134 units = two parts of 67, but the emoji cannot straddle the boundary.
    expect(smsFacts(`${"ç".repeat(66)}😀${"ç".repeat(66)}`)).toMatchObject({ units: 134, segments: 3 });
  });

  it("counts GSM characters as one unit each once the message is UCS-2 (extension ones too)", () => {
    expect(smsFacts("€ ç")).toMatchObject({ encoding: "UCS-2", units: 3 });
  });

  it("counts what a person sees as characters: a skin-tone emoji is one character and four units", () => {
    expect(smsFacts("👍🏽")).toMatchObject({ characters: 1, units: 4 });
  });

  it("lists non-GSM characters with their UTF-16 index and a GSM replacement when there is one", () => {
    expect(smsFacts("It’s “on” – now…\u00a0😀").ucs2Characters).toEqual([
      { char: "’", index: 2, codePoint: 0x2019, replacement: "'" },
      { char: "“", index: 5, codePoint: 0x201c, replacement: '"' },
      { char: "”", index: 8, codePoint: 0x201d, replacement: '"' },
      { char: "–", index: 10, codePoint: 0x2013, replacement: "-" },
      { char: "…", index: 15, codePoint: 0x2026, replacement: "..." },
      { char: "\u00a0", index: 16, codePoint: 0xa0, replacement: " " },
      { char: "😀", index: 17, codePoint: 0x1f600 },
    ]);
  });

  it('counts the brand as a "<brand>: " prefix', () => {
    // "Acme: " is 6 characters, so 154 more fill one SMS.
    expect(smsFacts("a".repeat(154), { brand: "Acme" })).toMatchObject({ units: 160, segments: 1, characters: 160 });
    expect(smsFacts("a".repeat(155), { brand: "Acme" })).toMatchObject({ units: 161, segments: 2 });
  });

  it("marks non-GSM characters of the brand, indexed in the brand", () => {
    expect(smsFacts("Hi", { brand: "Ann’s" })).toMatchObject({
      encoding: "UCS-2",
      ucs2Characters: [{ char: "’", index: 3, codePoint: 0x2019, replacement: "'", inBrand: true }],
    });
  });

  it("gives no segment for an empty text", () => {
    expect(smsFacts("")).toMatchObject({ encoding: "GSM-7", units: 0, characters: 0, segments: 0 });
  });
});

describe("smsFacts against sms-segments-calculator", () => {
  it("agrees on the GSM-7 alphabet and septet costs for every BMP character", () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      const ours = smsFacts(char);
      const theirs = oracle(char);
      if (ours.encoding !== theirs.encoding || ours.units !== theirs.units) {
        expect({ code, ...ours }).toMatchObject({ code, encoding: theirs.encoding, units: theirs.units });
      }
    }
  });

  const alphabet = [
    ..."@£$¥èéùìòÇ\n\rØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà",
    ..."\f^{}\\[~]|€",
    ..."😀🎉👍🚀❤",
    ..."áçêōñÑ’“”–…\u00a0中",
  ];
  const text = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 400 }).map((a) => a.join(""));

  it("agrees on encoding, units and segment count for random texts", () => {
    fc.assert(
      fc.property(text, (t) => {
        const ours = smsFacts(t);
        expect({ encoding: ours.encoding, segments: ours.segments, units: ours.units }).toEqual(oracle(t));
      }),
      { numRuns: runs },
    );
  });

  it("agrees for texts that are mostly GSM with one character that may force UCS-2", () => {
    const mostlyGsm = fc
      .tuple(fc.integer({ min: 60, max: 330 }), fc.constantFrom(...alphabet), fc.nat())
      .map(([n, odd, at]) => {
        const base = "a".repeat(n);
        const i = at % (n + 1);
        return base.slice(0, i) + odd + base.slice(i);
      });
    fc.assert(
      fc.property(mostlyGsm, (t) => {
        const ours = smsFacts(t);
        expect({ encoding: ours.encoding, segments: ours.segments, units: ours.units }).toEqual(oracle(t));
      }),
      { numRuns: runs },
    );
  });

  // Documented disagreements (see README "SMS facts"): not bugs copied from either side.
  it("differs on emoji made of several code points: the oracle keeps a grapheme whole, we keep code points whole", () => {
    const t = `${"a".repeat(65)}👍🏽${"a".repeat(65)}`; // 65 + 4 + 65 = 134 UCS-2 units
    expect(smsFacts(t).segments).toBe(2); // 👍 ends part 1, 🏽 starts part 2
    expect(oracle(t).segments).toBe(3); // 👍🏽 moves whole to part 2, which then overflows
  });

  it("differs on the empty text: the oracle counts one segment, we count none", () => {
    expect(oracle("").segments).toBe(1);
    expect(smsFacts("").segments).toBe(0);
  });
});

/** The first implementation of smsFacts (arrays of code points, Intl.Segmenter on every text), kept as an oracle. */
function referenceSmsFacts(body: string, options: { brand?: string } = {}): SmsFacts {
  const prefix = options.brand ? `${options.brand}: ` : "";
  const chars: { char: string; index: number }[] = [];
  let at = 0;
  for (const char of prefix + body) {
    chars.push({ char, index: at });
    at += char.length;
  }
  const ucs2Characters: Ucs2Character[] = [];
  for (const { char, index } of chars) {
    if (gsmSeptets(char) !== 0) continue;
    const inBrand = index < prefix.length;
    const entry: Ucs2Character = {
      char,
      index: inBrand ? index : index - prefix.length,
      codePoint: char.codePointAt(0)!,
    };
    const replacement = gsmReplacement(char);
    if (replacement !== undefined) entry.replacement = replacement;
    if (inBrand) entry.inBrand = true;
    ucs2Characters.push(entry);
  }
  const encoding = ucs2Characters.length > 0 ? "UCS-2" : "GSM-7";
  const costs = chars.map(({ char }) => (encoding === "GSM-7" ? gsmSeptets(char) : char.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const [single, multi] = encoding === "GSM-7" ? [160, 153] : [70, 67];
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      parts++;
      used = 0;
    }
    used += cost;
  }
  return {
    encoding,
    units,
    characters: [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(prefix + body)].length,
    segments: units === 0 ? 0 : units <= single ? 1 : parts,
    unitsPerSegment: units <= single ? single : multi,
    ucs2Characters,
  };
}

describe("smsFacts fast paths", () => {
  const pieces = [
    ..."aZ09 @£$¥èéÇ\n\r\fΔ_ß!?.,:;'\"#%&()*+-/<=>¡¿§äöñüà",
    ..."^{}\\[~]|€",
    "\r\n",
    ..."çáêōÑ’‘“”–—…\u00a0\u00ad\u200b\ufeff×™中雷€¢",
    ..."\u0001\u007f\u0085\u2028",
    "\u0301", // combining acute: joins the character before it
    "©‼", // Extended_Pictographic, yet "simple": ZWJ + emoji after them joins them
    "\u0600", // Arabic number sign (Prepend): joins the character after it
    "\u0903", // Devanagari visarga (SpacingMark)
    "\u0915\u094d\u0937", // क्ष: an Indic conjunct (GB9c)
    "\u200d", // zero-width joiner
    "\u1100\u1161", // Hangul jamo L V: one cluster
    "🇫🇷", // regional indicators
    "👍🏽",
    "👩‍💻",
    "😀",
    "\ud800", // lone high surrogate
    "\udc00", // lone low surrogate
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((a) => a.join(""));
  const mostlySimple = fc
    .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(..."ab ’\r\n©") }, fc.constantFrom(...pieces)), {
      maxLength: 60,
    })
    .map((a) => a.join(""));
  const brand = fc.option(fc.constantFrom("Acme", "Ann’s", "Zoë", "Caf\u00e9\u0301", "x\r"), { nil: undefined });

  it("give exactly what the first implementation gives, GSM-7 or not, with or without a brand (fast-check)", () => {
    fc.assert(
      fc.property(text, brand, (t, b) => {
        expect(smsFacts(t, { brand: b })).toEqual(referenceSmsFacts(t, { brand: b }));
      }),
      { numRuns: runs * 3 },
    );
  });

  it("count graphemes like Intl.Segmenter in texts with a few complex characters among simple ones (fast-check)", () => {
    fc.assert(
      fc.property(mostlySimple, brand, (t, b) => {
        expect(smsFacts(t, { brand: b })).toEqual(referenceSmsFacts(t, { brand: b }));
      }),
      { numRuns: runs * 10 },
    );
  });

  it("agree with the first implementation at the part boundaries", () => {
    for (let n = 140; n <= 320; n++) {
      for (const t of ["a".repeat(n), `${"a".repeat(n)}€`, `€${"a".repeat(n)}`, `${"ç".repeat(n >> 1)}😀a`]) {
        expect(smsFacts(t)).toEqual(referenceSmsFacts(t));
      }
    }
  });

  it("count every 'simple' code unit as a grapheme of its own, as Intl.Segmenter does", () => {
    const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
    const count = (t: string) => [...segmenter.segment(t)].length;
    let all = "";
    for (let code = 0; code <= 0xffff; code++) {
      if (!simpleGrapheme(code)) continue;
      const c = String.fromCharCode(code);
      all += c;
      if (code === 10 || code === 13) continue;
      if (count(`a${c}a`) !== 3 || count(c + c) !== 2 || count(`\r${c}\n`) !== 3)
        expect(code.toString(16)).toBe("simple");
    }
    expect(count(all)).toBe(all.length); // in code order, so no CR LF pair
    expect(count("\r\n\r\r\n\n")).toBe(4);
  });
});
