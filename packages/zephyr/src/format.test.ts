import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expression, template } from "../test/arbitraries.js";
import { formatTemplate as format } from "./format.js";
import { parse } from "./parser.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

/** The AST without positions (and the source text itself): what must survive formatting. */
function shape(source: string): unknown {
  return JSON.parse(
    JSON.stringify(parse(source).body, (key, value) =>
      key === "span" || key === "openSpan" || key === "elseSpan" ? undefined : value,
    ),
  );
}

describe("format", () => {
  it.each([
    ["{x=1+2*3}", "{x = 1 + 2 * 3}"],
    ["{ if }{if a&&b}y{else if  c}z{/if}", "{ if }{if a && b}y{else if c}z{/if}"],
    ["{foreach   items as  i,c}{c.title}{/foreach}", "{foreach items as i, c}{c.title}{/foreach}"],
    ["{(a+b)*c}{a-(b-c)}{(a-b)-c}", "{(a + b) * c}{a - (b - c)}{a - b - c}"],
    ["{f( 1 ,'a' )}{[ 1,2 ]}{( {'a':1} )}", "{f(1, 'a')}{[1, 2]}{({'a': 1})}"],
    ["{filter(xs,lambda c:!c.x)}", "{filter(xs, lambda c: !c.x)}"],
    ["{[x*2 for x in xs if x>1]}", "{[x * 2 for x in xs if x > 1]}"],
    ["{a?b:c?d:e}{(a?b:c)?d:e}{a?:b}", "{a ? b : c ? d : e}{(a ? b : c) ? d : e}{a ?: b}"],
    ["{{ x }}", "{{x}}"],
    ["{switch x}\n {case 1}a{/case} {* c *}\n{/switch}", "{switch x}\n {case 1}a{/case} {* c *}\n{/switch}"],
    ['Hi {"str"} "json": { }', 'Hi {"str"} "json": { }'],
  ])("%s", (src, out) => {
    expect(format(src)).toBe(out);
  });

  it("keeps the AST and is idempotent for any well-formed template (fast-check)", () => {
    fc.assert(
      fc.property(template, (t) => {
        const f = format(t);
        expect(shape(f)).toEqual(shape(t));
        expect(format(f)).toBe(f);
      }),
      { numRuns: RUNS },
    );
  });

  it("parses every generated expression with the intended structure", () => {
    fc.assert(
      fc.property(expression, (e) => {
        expect(shape(format(`{${e}}`))).toEqual(shape(`{${e}}`));
      }),
      { numRuns: RUNS },
    );
  });
});
