import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "./catalog.js";
import { readTextFile as readInBrowser } from "./read-file.browser.js";
import { readTextFile } from "./read-file.js";

describe("reading catalog files", () => {
  it("reads UTF-8 text in Node", async () => {
    const file = new URL("../package.json", import.meta.url);
    expect(await readTextFile(file.pathname)).toBe(readFileSync(file, "utf8"));
  });

  it("refuses bytes that are not UTF-8 instead of replacing them, and drops a byte-order mark", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zephyr-catalog-"));
    const latin1 = join(dir, "latin1.json");
    writeFileSync(latin1, Buffer.from('{"content": [{"title": "Caf\xe9", "url": "https://x.test/"}]}', "latin1"));
    await expect(readTextFile(latin1)).rejects.toThrow("not valid UTF-8");
    await expect(loadCatalog(latin1)).rejects.toMatchObject({ code: "ZE_CATALOG_READ" });
    const bom = join(dir, "bom.json");
    writeFileSync(bom, '\uFEFF{"content": []}');
    expect(await readTextFile(bom)).toBe('{"content": []}');
  });

  it("rejects in a browser with what to do instead", async () => {
    await expect(readInBrowser("store.json")).rejects.toThrow(/pass the catalog object to new CatalogProvider/);
  });

  it("is the only file of the package with a node: import, and the browser field maps it", () => {
    const src = new URL("./", import.meta.url);
    const sources = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
    );
    const withNode = sources.filter((f) => /from "node:/.test(readFileSync(new URL(f, src), "utf8")));
    expect(withNode).toEqual(["read-file.ts"]);
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(manifest.browser).toEqual({ "./dist/read-file.js": "./dist/read-file.browser.js" });
  });
});
