// Renders every fixture (fixtures/**/*.zephyr) with every sample profile, under three option sets, asking for
// generated code at once (`codegen: "always"`), and prints one JSON document: each render's outcome and the backend
// that ran it. packages/zephyr/test/no-codegen.test.ts runs it twice, plainly and under
// `node --disallow-code-generation-from-strings`, and compares: the closures must run silently and render the same.
// Needs the engine built (tsc -b: packages/zephyr/dist).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../..");
const { compile, ZephyrError } = await import(join(root, "packages/zephyr/dist/index.js"));

function files(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

const profiles = files(join(root, "fixtures/profiles"), ".json").map((p) => JSON.parse(readFileSync(p, "utf8")));
const catalog = JSON.parse(readFileSync(join(root, "fixtures/catalogs/small.json"), "utf8")).content;
const provider = { personalize: (r) => catalog.slice(0, typeof r.size === "number" ? r.size : 3) };
const base = { now: "2024-03-15T12:00:00Z", provider };
const optionSets = [base, { ...base, escape: "none" }, { ...base, segments: true, strict: true }];

const failure = (e) =>
  e instanceof ZephyrError ? { error: e.code, message: e.message, span: e.span } : { thrown: String(e) };
const results = [];
for (const path of files(join(root, "fixtures"), ".zephyr")) {
  const name = relative(root, path);
  let t;
  try {
    t = compile(readFileSync(path, "utf8"), { filename: name, codegen: "always" });
  } catch (e) {
    results.push({ name, compile: failure(e) });
    continue;
  }
  const outcomes = [];
  for (const options of optionSets)
    for (const profile of profiles) {
      try {
        outcomes.push(JSON.parse(JSON.stringify(t.render({ profile }, options))));
      } catch (e) {
        outcomes.push(failure(e));
      }
    }
  results.push({ name, backend: t.backend(), outcomes });
}
process.stdout.write(JSON.stringify(results));
