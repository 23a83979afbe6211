/** The quick AST of an edit (core/incremental.ts) is the engine's own parse of the edited text, or nothing. */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, type TemplateAst } from "@zephyr/zephyr/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reparse, sameAst } from "../src/core/incremental.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const templates = ["fixtures/seed", "fixtures/project/templates", "fixtures/project/snippets"].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".zephyr"))
    .map((f) => readFileSync(join(ROOT, dir, f), "utf8")),
);
// Blocks of the language-server benchmark's template (packages/bench/src/lsp.ts), CRLF line breaks and a payload.
templates.push(
  Array.from(
    { length: 8 },
    (_, i) =>
      `{v${i} = profile.vars.first_name + " " + ${i}}\r\n{if profile.vars.tier == "gold"}\r\n{t${i} = upper(v${i})}{else}{t${i} = lower(v${i})}{/if}\r\n` +
      `{foreach [1, 2, 3] as n${i}}{s${i} = n${i} * 2}{/foreach}\r\n{* block ${i} *}\r\n`,
  ).join("") + '{\r\n"to": "{profile.keys.sms}",\r\n"body": "Hi {t0} {s7}"\r\n}\r\n',
);

const parsed = (text: string): TemplateAst | undefined => {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
};

/** Pieces an author types: tags, names, braces, strings, line breaks, JSON. */
const piece = fc.constantFrom(
  "",
  "x",
  "{",
  "}",
  "{x}",
  "{x = 1}",
  "{if x}",
  "{/if}",
  "{else}",
  "{foreach [1] as v}{v}{/foreach}",
  "\n",
  "\r\n",
  '"',
  "'",
  " ",
  "{* c *}",
  "upper(",
  ")",
  '"body": "{a}"',
  "é😀",
);

describe("reparse", () => {
  it("gives the engine's parse of the edited text, or nothing (fixtures, random edits)", () => {
    expect(templates.length).toBeGreaterThan(5);
    let used = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...templates),
        fc.nat(),
        fc.nat(20),
        fc.array(piece, { maxLength: 3 }),
        (before, at, length, inserted) => {
          const ast = parsed(before);
          if (!ast) return;
          const start = at % (before.length + 1);
          const text =
            before.slice(0, start) + inserted.join("") + before.slice(Math.min(before.length, start + length));
          const quick = reparse(ast, text);
          if (quick === undefined) return;
          used++;
          const full = parsed(text);
          expect(full, "reparse gave an AST for text that does not parse").toBeDefined();
          expect(sameAst(quick, full!)).toBe(true);
          expect(quick).toEqual(full);
        },
      ),
      { numRuns: 1500 },
    );
    expect(used).toBeGreaterThan(300); // most edits are served, not turned down
  });

  it("serves an edit inside one tag of a long template, and moves what follows", () => {
    const lines = Array.from({ length: 300 }, (_, i) => `{v${i} = upper(profile.vars.first_name) + ${i}}`);
    const before = lines.join("\n");
    const text = before.replace("{v150 = upper", "{v150 = lower(x) + upper");
    const quick = reparse(parse(before), text);
    expect(quick).toBeDefined();
    expect(quick).toEqual(parse(text));
  });

  it("turns down what it cannot do exactly", () => {
    const ast = parse("{x = 1}\n{x}\n");
    expect(reparse(ast, "{x = 1}\n{if x}\n")).toBeUndefined(); // an unclosed block
    expect(reparse(ast, "{x = 1}\n{x +}\n")).toBeUndefined(); // a syntax error
    expect(reparse(parse(""), "{x}")).toBeUndefined(); // nothing to start from
  });

  it("sameAst tells trees apart by spans and values", () => {
    expect(sameAst(parse("{x}"), parse("{x}"))).toBe(true);
    expect(sameAst(parse("{x}"), parse("{y}"))).toBe(false);
    const a = parse("{x}\n{y}");
    const b = parse("{x}\n{y}");
    (b.body[2].span as { column: number }).column++;
    expect(sameAst(a, b)).toBe(false);
  });
});
