import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagramsHtml } from "./diagrams.js";

describe("grammar/diagrams.html", () => {
  it("is generated from the current parser (run `pnpm grammar` to refresh it)", () => {
    const committed = readFileSync(new URL("../../../grammar/diagrams.html", import.meta.url), "utf8");
    expect(committed).toBe(diagramsHtml());
  });
});
