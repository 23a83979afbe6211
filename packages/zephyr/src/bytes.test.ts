import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Decode, base64Encode, fromUtf8, md5Hex, sha1Hex, sha256Hex, utf8 } from "./bytes.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const text = (s: string) => utf8(s);

describe("digests without node:crypto", () => {
  it("match the RFC 1321 and FIPS 180 test vectors", () => {
    expect(md5Hex(text(""))).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5Hex(text("abc"))).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5Hex(text("12345678901234567890123456789012345678901234567890123456789012345678901234567890"))).toBe(
      "57edf4a22be3c955ac49da2e2107b67a",
    );
    expect(sha1Hex(text("abc"))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
    expect(sha256Hex(text(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex(text("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agree with node:crypto on any bytes, block boundaries included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const [name, digest] of [
          ["md5", md5Hex],
          ["sha1", sha1Hex],
          ["sha256", sha256Hex],
        ] as const) {
          expect(digest(bytes)).toBe(createHash(name).update(bytes).digest("hex"));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("base64 and UTF-8 without Buffer", () => {
  it("encode like Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      }),
      { numRuns: RUNS },
    );
  });

  it("decode standard and URL-safe text, padded or not, like Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.boolean(), fc.boolean(), (bytes, urlSafe, pad) => {
        let s = Buffer.from(bytes).toString(urlSafe ? "base64url" : "base64");
        s = pad ? s : s.replace(/=+$/, "");
        expect([...base64Decode(s)]).toEqual([...Buffer.from(s, "base64")]);
      }),
      { numRuns: RUNS },
    );
  });

  it("read invalid UTF-8 as U+FFFD, like Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(fromUtf8(bytes)).toBe(Buffer.from(bytes).toString("utf8"));
      }),
      { numRuns: RUNS },
    );
    expect(fromUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe("\uFEFFA");
  });
});
