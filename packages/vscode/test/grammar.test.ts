import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTINS, lexer } from "@zephyr/zephyr/internal";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import { anySource, expression, template, text } from "../../zephyr/test/arbitraries.js";
import {
  GRAMMAR_PATH,
  grammarSegments,
  loadGrammar,
  type ScopedToken,
  type Segment,
  scopeListing,
  scopesAt,
  tokenizeSource,
} from "./textmate.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let g: IGrammar;
beforeAll(async () => {
  g = await loadGrammar();
});

/**
 * The tags and comments the engine's lexer finds. The lexer stops at the first character it rejects: `errorAt` is
 * that offset (the source's length when there is none), and only the segments closed before it are listed.
 */
function engineLexerSegments(source: string): { segments: Segment[]; errorAt: number } {
  const { tokens, errors } = lexer.tokenize(source);
  const errorAt = errors.length > 0 ? errors[0].offset : source.length;
  const segments: Segment[] = [];
  let depth = 0;
  let open = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    const end = t.startOffset + t.image.length;
    if (depth === 0) {
      if (name === "Comment" || name === "UnclosedComment")
        segments.push({ start: t.startOffset, end, kind: "comment" });
      if (name === "TagOpen" || name === "DoubleOpen") {
        open = t.startOffset;
        depth = 1;
      }
      continue;
    }
    if (name === "LCurly") depth++;
    else if (name === "RCurly" || name === "DoubleClose") {
      depth--;
      if (depth === 0) segments.push({ start: open, end, kind: "tag" });
    }
  }
  if (depth > 0 && errors.length === 0) segments.push({ start: open, end: source.length, kind: "tag" });
  return { segments, errorAt };
}

/** The engine's segments, or null when its lexer reports an error. */
function engineSegments(source: string): Segment[] | null {
  const { segments, errorAt } = engineLexerSegments(source);
  return errorAt < source.length ? null : segments;
}

function tokens(source: string): ScopedToken[] {
  return tokenizeSource(g, source);
}

/** Scopes of the first occurrence of `needle` (or its nth) in `source`. */
function at(source: string, needle: string, nth = 0): string[] {
  return scopesAt(tokens(source), source, needle, nth);
}

function zephyrFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return zephyrFiles(path);
    return name.endsWith(".zephyr") ? [path] : [];
  });
}

describe("TextMate grammar: focused samples", () => {
  it("is a grammar for source.zephyr", () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, "utf8"));
    expect(raw.scopeName).toBe("source.zephyr");
    expect(g).toBeDefined();
  });

  it("opens a tag at '{' + non-whitespace only; '{ ' and '}' are text", () => {
    const src = "a { b } {c} {\n}";
    expect(at(src, "{ b")).not.toContain("meta.tag.zephyr");
    expect(at(src, "b }")).not.toContain("meta.tag.zephyr");
    expect(at(src, "{c")).toContain("punctuation.definition.tag.begin.zephyr");
    expect(at(src, "c}")).toEqual(["source.zephyr", "meta.tag.zephyr", "variable.other.zephyr"]);
    expect(at(src, "{\n")).toContain("punctuation.definition.dictionary.begin.json");
    // A non-breaking space and a BOM are whitespace to the engine (JavaScript's \s): the '{' before them is text.
    expect(at("{\u00a0x}", "{")).not.toContain("meta.tag.zephyr");
    expect(at("{\ufeffx}", "{")).not.toContain("meta.tag.zephyr");
    expect(at("{\u0085x}", "{")).toContain("meta.tag.zephyr");
  });

  it("scopes comments, including unclosed ones and ones that span lines", () => {
    const src = "x{* a {b} 'c\n still *}y";
    expect(at(src, "{*")).toContain("punctuation.definition.comment.begin.zephyr");
    expect(at(src, "{b}")).toEqual(["source.zephyr", "comment.block.zephyr"]);
    expect(at(src, "still")).toEqual(["source.zephyr", "comment.block.zephyr"]);
    expect(at(src, "y")).toEqual(["source.zephyr"]);
    expect(at("{* never closed\n{x}", "{x}")).toContain("comment.block.zephyr");
  });

  it("scopes strings in both quotes with their escapes, across lines", () => {
    const src = `{x = 'it\\'s \\u00e9 \\q'}{y = "a\\"b\n}c"}`;
    expect(at(src, "'it")).toContain("string.quoted.single.zephyr");
    expect(at(src, "\\'s")).toContain("constant.character.escape.zephyr");
    expect(at(src, "\\u00e9")).toContain("constant.character.escape.zephyr");
    expect(at(src, "\\q")).toEqual(["source.zephyr", "meta.tag.zephyr", "string.quoted.single.zephyr"]);
    expect(at(src, '\\"b')).toContain("constant.character.escape.zephyr");
    // The '}' inside the string does not end the tag.
    expect(at(src, "}c")).toContain("string.quoted.double.zephyr");
    expect(at(src, '"}', 0).at(-1)).toBe("punctuation.definition.string.end.zephyr");
  });

  it("scopes numbers, operators, literals, calls, members and names", () => {
    const src = "{total = round(x.price * 1.5e2) + -3 % 2 ?: null}{if a == b && !c || d >= 4}{/if}{f(profile.case)}";
    expect(at(src, "total")).toContain("variable.other.zephyr");
    expect(at(src, "=")).toContain("keyword.operator.assignment.zephyr");
    expect(at(src, "round")).toContain("support.function.builtin.zephyr");
    expect(at(src, "price")).toContain("variable.other.property.zephyr");
    expect(at(src, ".price")).toContain("punctuation.accessor.zephyr");
    expect(at(src, "1.5e2")).toContain("constant.numeric.zephyr");
    expect(at(src, "*")).toContain("keyword.operator.arithmetic.zephyr");
    expect(at(src, "?")).toContain("keyword.operator.ternary.zephyr");
    expect(at(src, "null")).toContain("constant.language.null.zephyr");
    expect(at(src, "==")).toContain("keyword.operator.comparison.zephyr");
    expect(at(src, "&&")).toContain("keyword.operator.logical.zephyr");
    expect(at(src, "f(")).toContain("entity.name.function.zephyr");
    expect(at(src, "profile")).toContain("variable.language.zephyr");
    // A keyword after '.' is a member name (the engine reads `x.case` as a member).
    expect(at(src, "case")).toContain("variable.other.property.zephyr");
  });

  it("scopes block keywords and their closers", () => {
    const src =
      "{if a}{else if b}{else}{/if}{foreach xs as k, v}{break}{continue}{/foreach}" +
      "{switch x}{case 1}{/case}{/switch}{select}{case y}{/case}{/select}{include 'footer'}" +
      "{m = map(xs, lambda x, y: x + y)}{[v * 2 for v in xs if v]}";
    expect(at(src, "if a")).toContain("keyword.control.conditional.zephyr");
    expect(at(src, "else if")).toContain("keyword.control.conditional.zephyr");
    expect(at(src, "else}")).toContain("keyword.control.conditional.zephyr");
    expect(at(src, "/if")).toContain("punctuation.definition.tag.closing.zephyr");
    expect(at(src, "if}", 0)).toContain("keyword.control.end.zephyr");
    expect(at(src, "foreach")).toContain("keyword.control.loop.zephyr");
    expect(at(src, "as k")).toContain("keyword.control.loop.zephyr");
    expect(at(src, "break")).toContain("keyword.control.flow.zephyr");
    expect(at(src, "continue")).toContain("keyword.control.flow.zephyr");
    expect(at(src, "foreach}")).toContain("keyword.control.end.zephyr");
    expect(at(src, "switch")).toContain("keyword.control.switch.zephyr");
    expect(at(src, "case 1")).toContain("keyword.control.switch.zephyr");
    expect(at(src, "select")).toContain("keyword.control.switch.zephyr");
    expect(at(src, "include")).toContain("keyword.control.import.zephyr");
    expect(at(src, "'footer'")).toContain("string.quoted.single.zephyr");
    expect(at(src, "lambda")).toContain("storage.type.function.lambda.zephyr");
    expect(at(src, "x, y:")).toContain("variable.parameter.zephyr");
    expect(at(src, "for v")).toContain("keyword.control.loop.zephyr");
    expect(at(src, "in xs")).toContain("keyword.control.loop.zephyr");
    expect(at(src, "if v")).toContain("keyword.control.conditional.zephyr");
  });

  it("scopes {{ }} output tags, their nested objects, and a stray '}' in them", () => {
    const src = "{{({'a': 1} + {'b': 2})}} {{x}y}}";
    expect(at(src, "{{")).toContain("punctuation.definition.tag.begin.zephyr");
    expect(at(src, "{'a'")).toContain("punctuation.section.braces.begin.zephyr");
    expect(at(src, "'a'")).toEqual([
      "source.zephyr",
      "meta.tag.output.zephyr",
      "meta.object.zephyr",
      "string.quoted.single.zephyr",
      "punctuation.definition.string.begin.zephyr",
    ]);
    expect(at(src, "}}")).toContain("punctuation.definition.tag.end.zephyr");
    expect(at(src, "}y")).toContain("invalid.illegal.stray-brace.zephyr");
  });

  it("scopes the JSON around tags as JSON, with tags inside JSON strings", () => {
    const src =
      '{\n  "to": "{profile.keys.sms}",\n  "n": -2.5e3, "ok": true, "list": [null],\n  "nested": {\n    "body": "Hi \\"{name}\\" \\n"\n  }\n}';
    expect(at(src, '"to"')).toContain("support.type.property-name.json");
    expect(at(src, '"{profile')).toContain("string.quoted.double.json");
    expect(at(src, "{profile")).toEqual([
      "source.zephyr",
      "string.quoted.double.json",
      "meta.tag.zephyr",
      "punctuation.definition.tag.begin.zephyr",
    ]);
    expect(at(src, "keys")).toEqual([
      "source.zephyr",
      "string.quoted.double.json",
      "meta.tag.zephyr",
      "variable.other.property.zephyr",
    ]);
    expect(at(src, "-2.5e3")).toContain("constant.numeric.json");
    expect(at(src, "true")).toContain("constant.language.json");
    expect(at(src, "null")).toContain("constant.language.json");
    expect(at(src, "[null")).toContain("punctuation.definition.array.begin.json");
    expect(at(src, ": {")).toContain("punctuation.separator.dictionary.key-value.json");
    expect(at(src, "{\n    ")).toContain("punctuation.definition.dictionary.begin.json");
    expect(at(src, '"body"')).toContain("support.type.property-name.json");
    expect(at(src, '\\"{name')).toContain("constant.character.escape.json");
    expect(at(src, "{name")).toContain("meta.tag.zephyr");
    expect(at(src, "\\n")).toContain("constant.character.escape.json");
  });

  it("keeps a multi-line tag inside a JSON string, and the string after it", () => {
    const src = '"body": "{personalize({\n"algorithm": "trending"\n})[0].title} and more",\n"x": 1';
    expect(at(src, '"algorithm"')).toContain("meta.tag.zephyr");
    expect(at(src, '"algorithm"')).toContain("string.quoted.double.zephyr");
    expect(at(src, "and more")).toEqual(["source.zephyr", "string.quoted.double.json"]);
    expect(at(src, '"x"')).toContain("support.type.property-name.json");
  });

  it("lists every function of the engine's registry as a builtin, and nothing else", () => {
    const raw = readFileSync(GRAMMAR_PATH, "utf8");
    const grammar = JSON.parse(raw);
    const builtin = grammar.repository.call.patterns.find(
      (p: { name: string }) => p.name === "support.function.builtin.zephyr",
    );
    const names = /\(((?:\w+\|)+\w+)\)/.exec(builtin.match)![1].split("|");
    expect([...names].sort()).toEqual(Object.keys(BUILTINS).sort());
  });
});

describe("TextMate grammar: fixtures", () => {
  const files = zephyrFiles(join(ROOT, "fixtures"));

  it("finds the fixtures", () => {
    expect(files.map((f) => relative(ROOT, f))).toContain("fixtures/seed/content-recommendations.zephyr");
  });

  for (const file of files) {
    const name = relative(ROOT, file);
    it(`${name}: tags and comments where the engine's lexer puts them`, () => {
      const source = readFileSync(file, "utf8");
      const { segments, errorAt } = engineLexerSegments(source);
      // Where the engine's lexer stops at an error, compare what comes before it.
      const found = grammarSegments(tokens(source), source.length).filter((s) => s.end <= errorAt);
      expect(found).toEqual(segments);
    });
  }

  for (const file of files.filter((f) => relative(ROOT, f).startsWith("fixtures/seed/"))) {
    const name = relative(join(ROOT, "fixtures/seed"), file);
    it(`seed ${name}: scopes as recorded (test/golden/${name}.scopes)`, async () => {
      const source = readFileSync(file, "utf8");
      const listing = scopeListing(tokens(source), source);
      expect(listing).not.toMatch(/invalid\./);
      await expect(`${listing}\n`).toMatchFileSnapshot(`golden/${name}.scopes`);
    });
  }

  it("content-recommendations.zephyr: the personalize call, the JSON keys and the tags in strings", () => {
    const source = readFileSync(join(ROOT, "fixtures/seed/content-recommendations.zephyr"), "utf8");
    const t = tokens(source);
    expect(scopesAt(t, source, "personalize")).toContain("support.function.builtin.zephyr");
    expect(scopesAt(t, source, '"algorithm"')).toContain("string.quoted.double.zephyr");
    expect(scopesAt(t, source, "title")).toContain("variable.other.property.zephyr");
    expect(scopesAt(t, source, '"to"')).toContain("support.type.property-name.json");
    expect(scopesAt(t, source, "{profile.keys.sms}")).toContain("string.quoted.double.json");
    expect(scopesAt(t, source, "{profile.keys.sms}")).toContain("meta.tag.zephyr");
    expect(scopesAt(t, source, "MARKETING")).toContain("string.quoted.double.json");
    expect(scopesAt(t, source, "false")).toContain("constant.language.json");
  });
});

describe("TextMate grammar: tag/text boundaries equal the engine lexer's", () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 300);
  const check = (source: string) => {
    const expected = engineSegments(source);
    fc.pre(expected !== null);
    expect(grammarSegments(tokens(source), source.length)).toEqual(expected);
  };

  it("on generated templates", () => {
    fc.assert(fc.property(template, check), { numRuns: runs });
  });

  it("on generated templates around JSON-looking text and line breaks", () => {
    const piece = fc.oneof(
      text,
      expression.map((e) => `{${e}}`),
      expression.map((e) => `"{${e}}"`),
      fc.constantFrom('"a\\', "\\", "{*", "*}", "{ ", "\r\n", "\r", "{\t", '"k": ', '"\\{x}"', "{{", "}}", "'"),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }).map((xs) => xs.join("")),
        check,
      ),
      { numRuns: runs },
    );
  });

  it("on any source the lexer accepts", () => {
    fc.assert(fc.property(anySource, check), { numRuns: runs });
  });
});
