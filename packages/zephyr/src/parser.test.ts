import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expression, template } from "../test/arbitraries.js";
import type { Expr, Node } from "./ast.js";
import { ZephyrError } from "./errors.js";
import { lexer } from "./lexer.js";
import { createValidatedParser, parse } from "./parser.js";

/** The first tag's expression. */
function expr(src: string): Expr {
  const n = parse(`{${src}}`).body[0];
  if (n.type !== "Output") throw new Error(`not an output: ${n.type}`);
  return n.expr;
}

/** A compact Lisp-like rendering of an expression, to check structure and precedence. */
function sx(e: Expr): string {
  switch (e.type) {
    case "Literal":
      return JSON.stringify(e.value);
    case "Identifier":
      return e.name;
    case "Member":
      return `(. ${sx(e.object)} ${e.property})`;
    case "Index":
      return `([] ${sx(e.object)} ${sx(e.index)})`;
    case "Call":
      return `(call ${sx(e.callee)}${e.args.map((a) => ` ${sx(a)}`).join("")})`;
    case "Unary":
      return `(${e.operator} ${sx(e.operand)})`;
    case "Binary":
    case "Logical":
      return `(${e.operator} ${sx(e.left)} ${sx(e.right)})`;
    case "Conditional":
      return `(? ${sx(e.test)} ${sx(e.consequent)} ${sx(e.alternate)})`;
    case "Elvis":
      return `(?: ${sx(e.left)} ${sx(e.right)})`;
    case "Array":
      return `[${e.elements.map(sx).join(" ")}]`;
    case "Object":
      return `{${e.entries.map((x) => `${x.key}=${sx(x.value)}`).join(" ")}}`;
    case "Lambda":
      return `(lambda (${e.params.join(" ")}) ${sx(e.body)})`;
    case "Comprehension":
      return `(for ${e.variable} ${sx(e.iterable)} ${sx(e.element)}${e.condition ? ` if ${sx(e.condition)}` : ""})`;
  }
}

function parseError(src: string): ZephyrError {
  try {
    parse(src, { filename: "t.zephyr" });
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("expected a parse error");
}

describe("grammar", () => {
  it("passes Chevrotain's grammar validations (the shared parser skips them at start-up)", () => {
    expect(() => createValidatedParser()).not.toThrow();
  });
});

describe("expressions", () => {
  it.each([
    ["1 + 2 * 3", "(+ 1 (* 2 3))"],
    ["(1 + 2) * 3", "(* (+ 1 2) 3)"],
    ["a - b - c", "(- (- a b) c)"],
    ["a || b && c", "(|| a (&& b c))"],
    ["a == b < c", "(== a (< b c))"],
    ["i % 2 != 0", "(!= (% i 2) 0)"],
    ["!a == b", "(== (! a) b)"],
    ["-x * 2", "(* (- x) 2)"],
    ["a ? b : c ? d : e", "(? a b (? c d e))"],
    ["a ?: b ?: c", "(?: a (?: b c))"],
    ["a || b ? 1 : 2", "(? (|| a b) 1 2)"],
    ["profile.vars.first_name", "(. (. profile vars) first_name)"],
    ["content[0].title", "(. ([] content 0) title)"],
    ["x.case", "(. x case)"],
    ["f(1, 'a')(2)", '(call (call f 1 "a") 2)'],
    ["[1, [2]]", "[1 [2]]"],
    ["({'a': 1, \"b\": [x]})", "{a=1 b=[x]}"],
    ["lambda a, b: a + b", "(lambda (a b) (+ a b))"],
    ["filter(xs, lambda c: !c.x)", "(call filter xs (lambda (c) (! (. c x))))"],
    ["[x * 2 for x in xs if x > 1]", "(for x xs (* x 2) if (> x 1))"],
    ["'it\\'s'", '"it\'s"'],
    ["'a\\nb\\u00e9\\\\'", '"a\\nbé\\\\"'],
    ["true && false || null", "(|| (&& true false) null)"],
    ["1.5e3", "1500"],
  ])("%s", (src, expected) => {
    expect(sx(expr(src))).toBe(expected);
  });
});

describe("statements and blocks", () => {
  const types = (nodes: Node[]) => nodes.map((n) => n.type);

  it("parses assignments to names, members and indexes", () => {
    const body = parse("{x = 1}{x.y = 2}{x['z'] = 3}").body;
    expect(body.map((n) => (n.type === "Assign" ? n.target.type : n.type))).toEqual(["Identifier", "Member", "Index"]);
  });

  it("nests if / else if / else", () => {
    const [n] = parse("{if a}1{else if b}2{else}3{/if}").body;
    expect(n.type).toBe("If");
    if (n.type !== "If") return;
    expect(n.branches.map((b) => sx(b.test))).toEqual(["a", "b"]);
    expect(n.alternate?.map((x) => (x.type === "Text" ? x.value : ""))).toEqual(["3"]);
    expect([n.span.offset, n.span.endOffset]).toEqual([0, 31]);
  });

  it("parses both foreach forms", () => {
    const [a, b] = parse("{foreach xs as v}{v}{/foreach}{foreach xs as k, v}{k}{/foreach}").body;
    expect(a.type === "Foreach" && [a.key, a.value]).toEqual([undefined, "v"]);
    expect(b.type === "Foreach" && [b.key, b.value]).toEqual(["k", "v"]);
  });

  it("parses switch, select, break, continue, include and comments", () => {
    expect(types(parse("{switch x}\n  {case 1}a{/case}\n{/switch}{select}{case 1}b{/case}{/select}").body)).toEqual([
      "Switch",
      "Select",
    ]);
    expect(types(parse("{foreach xs as x}{break}{continue}{/foreach}").body)).toEqual(["Foreach"]);
    expect(types(parse("{include 'footer'}{* hi *}").body)).toEqual(["Include", "Comment"]);
  });

  it("keeps text around tags exactly, newlines included", () => {
    const body = parse("a\n{x = 1}\n b").body;
    expect(body.map((n) => (n.type === "Text" ? n.value : n.type))).toEqual(["a\n", "Assign", "\n b"]);
  });

  it("allows tags to span lines", () => {
    const [n] = parse('{content = personalize({\n"algorithm" : "trending",\n"size" : 1\n})}').body;
    expect(n.type).toBe("Assign");
  });

  it("records spans with lines and columns", () => {
    const n = parse("ab\n  {x.y}").body[1];
    expect(n.span).toEqual({ offset: 5, endOffset: 10, line: 2, column: 3, endLine: 2, endColumn: 8 });
  });
});

describe("errors", () => {
  it("points an unclosed block at its opening tag", () => {
    const e = parseError("hello\n  {if x}\nbody");
    expect([e.code, e.span?.line, e.span?.column]).toEqual(["ZE_UNCLOSED_BLOCK", 2, 3]);
    expect(e.format()).toContain("t.zephyr:2:3");
    expect(e.format()).toContain("^^^^^^");
  });

  it("reports a stray closing tag", () => {
    const e = parseError("a\n{/foreach}");
    expect([e.code, e.span?.line, e.message]).toEqual(["ZE_BLOCK", 2, "stray {/foreach}: no {foreach} is open here"]);
  });

  it("reports a mismatched closing tag against the open block", () => {
    const e = parseError("{foreach xs as x}{if x}{/foreach}");
    expect(e.message).toBe("{/foreach} cannot close the {if} opened at line 1, column 18");
    expect(e.hint).toBe("close the {if} first with {/if}");
  });

  it("hints that compact JSON opened a tag by accident", () => {
    const e = parseError('{"to": "x"}');
    expect([e.span?.line, e.span?.column]).toEqual([1, 6]);
    expect(e.hint).toMatch(/line break/);
  });

  it("hints at parentheses for a double-brace object literal", () => {
    expect(parseError("{{'a':1} + {'b':2}}").hint).toMatch(/parentheses/);
  });

  it.each([
    ["{x", "ZE_UNCLOSED_TAG", 1, 1],
    ["{'abc}", "ZE_UNCLOSED_STRING", 1, 2],
    ["{* never", "ZE_UNCLOSED_COMMENT", 1, 1],
    ["{1 +}", "ZE_SYNTAX", 1, 5],
    ["{a & b}", "ZE_SYNTAX", 1, 4],
    ["{else}", "ZE_BLOCK", 1, 1],
    ["{case 1}", "ZE_BLOCK", 1, 1],
    ["{break}", "ZE_BLOCK", 1, 1],
    ["{if a}{else}{else if b}{/if}", "ZE_BLOCK", 1, 13],
    ["{switch x}text{case 1}{/case}{/switch}", "ZE_BLOCK", 1, 11],
    ["{f(x) = 1}", "ZE_SYNTAX", 1, 2],
    ["{{x}", "ZE_SYNTAX", 1, 4],
  ])("%s → %s at %d:%d", (src, code, line, column) => {
    const e = parseError(src);
    expect([e.code, e.span?.line, e.span?.column]).toEqual([code, line, column]);
    expect(e.filename).toBe("t.zephyr");
  });

  it("reports lexer errors with a hint and never swallows them", () => {
    const e = parseError("ok {x}\n{a | b}");
    expect(e.message).toBe('unexpected character "|" inside a tag');
    expect(e.hint).toBe("the 'or' operator is '||'");
    expect(e.related.length).toBeGreaterThanOrEqual(1);
  });

  it("refuses nesting deeper than the limit instead of overflowing the stack", () => {
    const deep = `{${"(".repeat(10_000)}1${")".repeat(10_000)}}`;
    expect(parseError(deep).code).toBe("ZE_LIMIT_DEPTH");
    const ternaries = `{${"a ? b : ".repeat(5_000)}c}`;
    expect(parseError(ternaries).code).toBe("ZE_LIMIT_DEPTH");
    expect(parseError(`{${"!".repeat(10_000)}x}`).code).toBe("ZE_LIMIT_DEPTH");
    expect(parseError(`{${"1 + ".repeat(10_000)}1}`).code).toBe("ZE_LIMIT_DEPTH");
  });

  it("refuses templates over the size limit", () => {
    expect(() => parse("x".repeat(101), { limits: { templateSize: 100 } })).toThrow(/limit is 100/);
  });
});

/** Every node and expression of a template, depth first. */
function allNodes(body: readonly Node[]): (Node | Expr)[] {
  const out: (Node | Expr)[] = [];
  const visit = (x: Node | Expr | undefined): void => {
    if (x === undefined) return;
    out.push(x);
    for (const v of Object.values(x)) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        if (item && typeof item === "object" && "type" in item && "span" in item) visit(item as Node);
        else if (item && typeof item === "object" && ("test" in item || "value" in item) && "span" in item) {
          // branches, cases and object entries: their parts are nodes
          for (const part of Object.values(item)) {
            for (const p of Array.isArray(part) ? part : [part])
              if (p && typeof p === "object" && "type" in p && "span" in p) visit(p as Node);
          }
        }
      }
    }
  };
  for (const n of body) visit(n);
  return out;
}

/** The spans of a parsed template point back at the source: names and literals read as written. */
function checkSpans(src: string): void {
  for (const n of allNodes(parse(src).body)) {
    const { offset, endOffset } = n.span;
    expect(0 <= offset && offset <= endOffset && endOffset <= src.length).toBe(true);
    const written = src.slice(offset, endOffset);
    if (n.type === "Identifier") expect(written).toBe(n.name);
    else if (n.type === "Literal") expect(written).toBe(n.raw);
    else if (n.type === "Text") expect(written).toBe(n.value);
    else if (n.type === "Output" || n.type === "Assign") expect(written[0]).toBe("{");
  }
}

describe("one grammar", () => {
  const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
  const fixtures = (dir: URL): string[] =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".zephyr"))
      .map((f) => readFileSync(new URL(f, dir), "utf8"));

  it("parses every fixture to an AST whose spans point at the source, or to a located ZephyrError", () => {
    const sources = fixtures(new URL("../../../fixtures/", import.meta.url));
    expect(sources.length).toBeGreaterThan(5);
    let parsed = 0;
    for (const src of sources) {
      try {
        checkSpans(src);
        parsed++;
      } catch (e) {
        if (!(e instanceof ZephyrError)) throw e;
        expect(e.span ?? e.code.startsWith("ZE_LIMIT")).toBeTruthy();
      }
    }
    expect(parsed).toBeGreaterThan(sources.length / 2);
  });

  it.each([
    ["{a ? b : c ?: d}", "(? a b (?: c d))"],
    [
      "{f(lambda x, y: x + y * 2, [1, 2], [e for e in xs if e > 1], {'a': 1, b: [], 2: {}})}",
      "(call f (lambda (x y) (+ x (* y 2))) [1 2] (for e xs e if (> e 1)) {a=1 b=[] 2={}})",
    ],
    ["{-a.b(c)[0] * !d}", "(* (- ([] (call (. a b) c) 0)) (! d))"],
    ["{a || b && c == d < e + f * g}", "(|| a (&& b (== c (< d (+ e (* f g))))))"],
    ["{a * b + c < d == e && f || g}", "(|| (&& (== (< (+ (* a b) c) d) e) f) g)"],
    ["{{x.case}}", "(. x case)"],
  ])("%s", (src, expected) => {
    const [n] = parse(src).body;
    expect(n.type === "Output" && sx(n.expr)).toBe(expected);
    checkSpans(src);
  });

  it("builds blocks, switches, includes and double-brace assignments", () => {
    const src =
      "{foreach xs as k, v}{if !k.case && -v[0] >= 2}{break}{else if x}{continue}{else}{/if}{/foreach}" +
      "{switch x}\n{case 1}a{/case}{/switch}{select}{case y}{/case}{/select}{include 'n'}{{x = y.z}}{*c*}";
    expect(parse(src).body.map((n) => n.type)).toEqual(["Foreach", "Switch", "Select", "Include", "Assign", "Comment"]);
    checkSpans(src);
  });

  it.each([
    ["{x = }", "ZE_SYNTAX", "expected an expression but found '}'"],
    ["{1 = 2}", "ZE_SYNTAX", "the left side of '=' must be a variable, a member (x.y) or an index (x[i])"],
    ["{a.}", "ZE_SYNTAX", "expected a name but found '}'"],
    ["{if a b}", "ZE_SYNTAX", "expected '}' but found 'b'"],
    ["{{x}", "ZE_SYNTAX", "expected '}}' but found '}'"],
    ["{[1 2]}", "ZE_SYNTAX", "expected ']' but found '2'"],
    ["{lambda: 1}", "ZE_SYNTAX", "expected an expression but found ':'"],
    ["{a ? b}", "ZE_SYNTAX", "this ternary has no ': else' part: 'a ? b' needs ': c' for when a is false"],
  ])("reports %s", (src, code, message) => {
    const e = parseError(src);
    expect([e.code, e.message]).toEqual([code, message]);
  });

  it("parses generated expressions and templates with spans that point at the source", () => {
    fc.assert(
      fc.property(expression, (e) => {
        checkSpans(`{${e}}`);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(template, (src) => {
        checkSpans(src);
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps no state between parses: an error does not change the next parse", () => {
    const ok = JSON.stringify(parse("{a + b}\n{c}"));
    expect(() => parse("{(((a +")).toThrow(ZephyrError);
    expect(() => parse(`{${"(".repeat(300)}1${")".repeat(300)}}`)).toThrow(ZephyrError);
    expect(JSON.stringify(parse("{a + b}\n{c}"))).toBe(ok);
  });
});

describe("positions", () => {
  // The parser's lexer gives tokens offsets only; spans must be what Chevrotain's full tracking gives (the `lexer`),
  // including its quirk for a token that ends in a line break after another one (end column 1).
  it.each([
    "a\n\n{x}",
    "a\r\n\r\n{x}\r",
    "a\rb\r{x}\n",
    "x\n{'a\nb'}\n\n",
    '{"\r\n"}y\r\n{* c\n\n*}\n{z}',
    "\n\n\n",
    "é\u{1F600}\n{'\u{1F600}'}",
  ])("%j", (src) => {
    const chevrotain = lexer
      .tokenize(src)
      .tokens.filter((t) => ["Text", "StringLiteral", "Comment"].includes(t.tokenType.name))
      .map((t) => ({
        offset: t.startOffset,
        endOffset: (t.endOffset ?? 0) + 1,
        line: t.startLine,
        column: t.startColumn,
        endLine: t.endLine,
        endColumn: (t.endColumn ?? 0) + 1,
      }));
    const ours = parse(src).body.flatMap((n) =>
      n.type === "Output" ? (typeof (n.expr as { value?: unknown }).value === "string" ? [n.expr.span] : []) : [n.span],
    );
    expect(ours).toEqual(chevrotain);
  });
});
