/**
 * Golden renders: fixtures/<dir>/expected/<template>--<input>.txt holds the output of rendering
 * fixtures/<dir>/<template>.zephyr with fixtures/profiles/<input>.json (or fixtures/data/<input>.json as data).
 * Outputs are raw text (no payload validation); payload checks live in the attentive and CLI tests.
 * Refresh after an intended change with: UPDATE_GOLDEN=1 pnpm vitest run packages/cli/test/golden.test.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ContentProvider, compile } from "@zephyr/zephyr";
import { describe, expect, it } from "vitest";

const root = new URL("../../../fixtures/", import.meta.url).pathname;
const readJson = (p: string) => JSON.parse(readFileSync(p, "utf8"));

/** For the seed's personalize() before a catalog is named: the items of the data's `content` list, in order. */
const contentOfData = (data: Record<string, unknown>): ContentProvider => ({
  personalize: (req) => (Array.isArray(data.content) ? data.content : []).slice(0, Number(req.size ?? 5)),
});

for (const dir of ["seed"]) {
  describe(`golden renders in fixtures/${dir}`, () => {
    const expectedDir = join(root, dir, "expected");
    for (const file of readdirSync(expectedDir).filter((f) => f.endsWith(".txt"))) {
      const [template, input] = file.slice(0, -4).split("--");
      it(`${template} with ${input}`, () => {
        const profilePath = join(root, "profiles", `${input}.json`);
        const dataPath = join(root, "data", `${input}.json`);
        const profile = existsSync(profilePath) ? readJson(profilePath) : readJson(join(root, "profiles", "ann.json"));
        const data = existsSync(dataPath) ? readJson(dataPath) : {};
        const t = compile(readFileSync(join(root, dir, `${template}.zephyr`), "utf8"), {
          filename: `${template}.zephyr`,
        });
        const out = t.render({ profile, data }, { provider: contentOfData(data), now: "2024-03-15T12:00:00Z" }).output;
        const expectedPath = join(expectedDir, file);
        if (process.env.UPDATE_GOLDEN) writeFileSync(expectedPath, out);
        expect(out).toBe(readFileSync(expectedPath, "utf8"));
      });
    }
  });
}
