import { describe, expect, it } from "vitest";
import { callFn, failure, fakeContext, run } from "./test-context.js";

describe("case", () => {
  it("upper, lower and title", () => {
    expect(run("upper", ["straße é"])).toBe("STRASSE É");
    expect(run("lower", ["ÉCOLE"])).toBe("école");
    expect(run("title", ["hello  wide\tworld"])).toBe("Hello  Wide\tWorld");
    expect(run("title", ["o'neil mcDonald"])).toBe("O'neil McDonald");
    expect(run("title", [""])).toBe("");
  });
});

describe("substr (decided: 0-based, PHP negative start and length, by code point)", () => {
  it.each([
    [["abcdef", 0, 3], "abc"],
    [["abcdef", 2], "cdef"],
    [["abcdef", -2], "ef"],
    [["abcdef", -10], "abcdef"],
    [["abcdef", 1, -1], "bcde"],
    [["abcdef", 4, -3], ""],
    [["abcdef", 10], ""],
    [["abcdef", 2, 0], ""],
    [["abcdef", 0, 100], "abcdef"],
    [["abcdef", 1.9, 2.9], "bc"],
    [["a😀b😀c", 1, 3], "😀b😀"],
    [["a😀b😀c", -2], "😀c"],
    [["abc", 0, null], "abc"],
  ])("substr%j = %j", (args, out) => {
    expect(run("substr", args)).toBe(out);
  });
});

describe("replace", () => {
  it("replaces every occurrence literally", () => {
    expect(run("replace", ["a.b.c", ".", "$&"])).toBe("a$&b$&c");
    expect(run("replace", ["aaa", "a", "aa"])).toBe("aaaaaa");
    expect(run("replace", ["abc", "", "x"])).toBe("abc");
  });
  it("refuses to build a string over the output limit", () => {
    const ctx = fakeContext({ limits: { outputSize: 100 } });
    expect(failure(() => callFn(ctx, "replace", "a".repeat(50), "a", "xyz")).code).toBe("ZE_LIMIT_OUTPUT");
  });
});

describe("split (decided: each delimiter character splits, empty pieces dropped)", () => {
  it.each([
    [
      ["Some Custom > Text", " > "],
      ["Some", "Custom", "Text"],
    ],
    [
      ["a,,b,", ","],
      ["a", "b"],
    ],
    [
      ["a, b;c", ", ;"],
      ["a", "b", "c"],
    ],
    [["one two\tthree\nfour"], ["one", "two", "three", "four"]],
    [["abc", ""], ["abc"]],
    [["", ""], []],
    [["", ","], []],
    [[",,,", ","], []],
    [
      ["x😀y😀z", "😀"],
      ["x", "y", "z"],
    ],
  ])("split%j = %j", (args, out) => {
    expect(run("split", args)).toEqual(out);
  });
});

describe("join", () => {
  it("prints items and joins them", () => {
    expect(run("join", [["a", 1, true, null, [2, 3], { k: "v" }], "|"])).toBe('a|1|true||[2, 3]|{"k":"v"}');
    expect(run("join", [[], ","])).toBe("");
    expect(run("join", [{ a: 1, b: 2 }, "-"])).toBe("1-2");
    expect(run("join", [null, ","])).toBe("");
    expect(run("join", ["abc", ","])).toBe("abc");
  });
  it("stops at the output limit", () => {
    const ctx = fakeContext({ limits: { outputSize: 10 } });
    expect(failure(() => callFn(ctx, "join", ["aaaa", "bbbb", "cccc"], ",")).code).toBe("ZE_LIMIT_OUTPUT");
  });
});

describe("strpos / strrpos (decided: -1 when not found, code-point indexes, PHP offsets)", () => {
  it.each([
    [["banana", "an"], 1],
    [["banana", "an", 2], 3],
    [["banana", "an", 4], -1],
    [["banana", "an", -3], 3],
    [["banana", "an", 7], -1],
    [["banana", "x"], -1],
    [["banana", ""], 0],
    [["😀😀ab", "ab"], 2],
    [["😀😀ab😀ab", "ab", 3], 5],
  ])("strpos%j = %j", (args, out) => {
    expect(run("strpos", args)).toBe(out);
  });
  it.each([
    [["banana", "an"], 3],
    [["banana", "an", 2], 3],
    [["banana", "an", 4], -1],
    [["banana", "an", -3], 3],
    [["banana", "an", -4], 1],
    [["banana", "an", -6], -1],
    [["banana", "x"], -1],
    [["0123456789a123456789b123456789c", "7", -5], 17],
    [["😀ab😀ab", "ab"], 4],
  ])("strrpos%j = %j", (args, out) => {
    expect(run("strrpos", args)).toBe(out);
  });
});

describe("HTML", () => {
  it("strip_tags removes tags and comments, keeps text and stray '<'", () => {
    expect(run("strip_tags", ['<p class="x">a <b>b</b><br/>c</p><!-- hidden -->'])).toBe("a bc");
    expect(run("strip_tags", ["1 < 2 and 3 > 2"])).toBe("1 < 2 and 3 > 2");
    expect(run("strip_tags", ["&amp; stays"])).toBe("&amp; stays");
  });
  it("text converts HTML to readable plain text", () => {
    const html = `<html><head><title>T</title><style>p{color:red}</style></head>
      <body><h1>Hello</h1>
      <p>First   line<br>second line</p>
      <ul><li>one</li><li>two &amp; three</li></ul>
      <script>alert(1)</script><p>&copy; 2024 &#x1F600; &unknown;</p></body></html>`;
    expect(run("text", [html])).toBe("Hello\n\nFirst line\nsecond line\n\n- one\n- two & three\n\n© 2024 😀 &unknown;");
  });
  it("h escapes the five HTML-special characters (decided)", () => {
    expect(run("h", [`<a href="x">Tom & Jerry's</a>`])).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
    );
    expect(run("h", ["plain"])).toBe("plain");
  });
});

describe("u (decided: RFC 3986 unreserved kept, space = %20, UTF-8)", () => {
  it.each([
    ["a b", "a%20b"],
    ["a+b", "a%2Bb"],
    ["é", "%C3%A9"],
    ["!'()*", "%21%27%28%29%2A"],
    ["-_.~", "-_.~"],
    ["😀", "%F0%9F%98%80"],
    ["\ud800", "%EF%BF%BD"],
  ])("u(%j) = %j", (s, out) => {
    expect(run("u", [s])).toBe(out);
  });
});

describe("hashes and base64", () => {
  it("hashes UTF-8 bytes as lower-case hex", () => {
    expect(run("md5", [""])).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(run("md5", ["ann@example.com"])).toMatch(/^[0-9a-f]{32}$/);
    expect(run("sha1", ["é"])).toBe("bf15be717ac1b080b4f1c456692825891ff5073d");
    expect(run("sha256", [""])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
  it("round-trips base64 and accepts URL-safe input without padding", () => {
    expect(run("base64_encode", ["hello"])).toBe("aGVsbG8=");
    expect(run("base64_decode", ["aGVsbG8="])).toBe("hello");
    expect(run("base64_decode", ["aGVsbG8"])).toBe("hello");
    expect(run("base64_decode", ["aGVs\nbG8="])).toBe("hello");
    expect(run("base64_decode", [run("base64_encode", ["Zephyr ✓ 😀"])])).toBe("Zephyr ✓ 😀");
    expect(run("base64_decode", ["-_8"])).toBe(Buffer.from([0xfb, 0xff]).toString("utf8"));
    expect(run("base64_decode", [""])).toBe("");
  });
  it("rejects what is not base64", () => {
    const f = failure(() => run("base64_decode", ["not base64!"]));
    expect(f.code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(f.message).toContain("base64_decode()");
    expect(failure(() => run("base64_decode", ["abcde"])).code).toBe("ZE_FUNCTION_ARGUMENT");
  });
});
