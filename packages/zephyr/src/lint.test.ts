import { describe, expect, it } from "vitest";
import { lint } from "./lint.js";

const codes = (src: string, globals?: string[]) =>
  lint(src, { filename: "t.zephyr", globals }).map((d) => `${d.severity} ${d.code} ${d.span?.line}:${d.span?.column}`);

describe("lint", () => {
  it("reports syntax errors with their position", () => {
    expect(codes("ok\n{if x}")).toEqual(["error ZE_UNCLOSED_BLOCK 2:1"]);
  });

  it("reports unknown functions with a suggestion, and wrong argument counts", () => {
    const ds = lint("{uper(x)}{replace('a')}", { globals: ["x"] });
    expect(ds.map((d) => [d.code, d.hint])).toEqual([
      ["ZE_UNKNOWN_FUNCTION", "did you mean upper()?"],
      ["ZE_ARITY", expect.stringContaining("signature: replace(")],
    ]);
  });

  it("warns about names never assigned that are not known globals, once each", () => {
    expect(codes("{a}{a}{b = 1}{b}{profile.email}{email}")).toEqual(["warning ZL_UNASSIGNED 1:2"]);
    expect(codes("{first_name}", ["first_name"])).toEqual([]);
  });

  it("knows names bound by loops, lambdas, comprehensions, set() and push()", () => {
    expect(
      codes("{foreach xs as i, c}{i}{c}{/foreach}{f = lambda y: y}{f(1)}{[z for z in [1]]}{set('s', 1)}{s}", ["xs"]),
    ).toEqual([]);
  });

  it("warns that platform functions fail outside Sailthru", () => {
    expect(codes("{api_send('t')}")).toEqual(["warning ZL_PLATFORM_ONLY 1:2"]);
  });
});

describe("lint: unused variables", () => {
  it("warns about a variable assigned but never used (the guide's mediaUrl)", () => {
    const ds = lint('{content = [1]}{mediaUrl = content[0]}\n{\n"body": "{content}"\n}');
    expect(ds.map((d) => [d.code, d.message, d.span?.column])).toEqual([
      ["ZL_UNUSED", "'mediaUrl' is assigned but never used", 17],
    ]);
  });

  it("counts a member assignment as a use of nothing but a read as a use", () => {
    expect(lint("{x = {}}{x.a = 1}").map((d) => d.code)).toEqual(["ZL_UNUSED"]);
    expect(lint("{x = {}}{x.a = 1}{x.a}").map((d) => d.code)).toEqual([]);
  });
});
