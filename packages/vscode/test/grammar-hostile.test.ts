import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import textmate from "vscode-textmate";
import { loadGrammar } from "./textmate.js";

// Lines an editor can be handed: long, repetitive, unbalanced. The grammar's regexps must stay linear on them.
// Timed through tokenizeLine2, the binary form VS Code itself uses (tokenizeLine's per-token scope lists grow with
// the nesting, which is the test helper's cost, not the editor's).
describe("TextMate grammar on hostile lines", () => {
  let g: IGrammar;
  beforeAll(async () => {
    g = await loadGrammar();
  });
  const lines: [string, string][] = [
    ["quotes without a colon", '"a'.repeat(8_000)],
    ["keys that never end", '"k\\"'.repeat(8_000)],
    ["a lambda with a huge parameter list", `{lambda ${"a, ".repeat(5_000)}b: 1}`],
    ["a lambda name without commas", `{lambda ${"a".repeat(20_000)}: 1}`],
    ["braces and spaces", "{ ".repeat(10_000)],
    ["tags opened inside tags", "{x".repeat(8_000)],
    ["escapes in a JSON string", `"${"\\".repeat(20_001)}`],
    ["a string that never closes", `{'${"\\'".repeat(10_000)}`],
  ];
  for (const [name, line] of lines) {
    it(`${name}: tokenized in linear time (seconds, not minutes)`, () => {
      const started = performance.now();
      const result = g.tokenizeLine2(line, textmate.INITIAL, 0);
      expect(result.stoppedEarly).toBe(false);
      expect(result.tokens.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(5000);
    });
  }
});
