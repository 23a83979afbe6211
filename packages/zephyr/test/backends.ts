/**
 * What the backend differential tests share: every fixture template with inputs to render it with, and the whole
 * observable outcome of a render (output, cancellation, segments, notices, or the error with its code and span).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ZephyrError } from "../src/errors.js";
import type { RenderInput, RenderOptions } from "../src/options.js";
import type { ContentProvider } from "../src/provider.js";
import type { Template } from "../src/template.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const FIXTURES = join(ROOT, "fixtures");

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

/** Every fixtures/**\/*.zephyr, by path relative to the repository. */
export function fixtureTemplates(): { name: string; path: string; source: string }[] {
  return files(FIXTURES, ".zephyr").map((path) => ({
    name: relative(ROOT, path),
    path,
    source: readFileSync(path, "utf8"),
  }));
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

const PROFILES = files(join(FIXTURES, "profiles"), ".json").map((p) => readJson(p) as Record<string, unknown>);
const DATA = [undefined, ...files(join(FIXTURES, "data"), ".json").map((p) => readJson(p) as Record<string, unknown>)];
const CATALOG = (readJson(join(FIXTURES, "catalogs/small.json")) as { content: Record<string, unknown>[] }).content;

/** A synchronous provider over the small catalog (the size the request asks for, else three). */
export const provider: ContentProvider = {
  personalize: (request) => CATALOG.slice(0, typeof request.size === "number" ? request.size : 3),
  horizonSelect: (items, quantity) => items.slice(0, quantity),
};

/** The same, answering with promises (for `renderAsync`). */
export const asyncProvider: ContentProvider = {
  personalize: (request, context) => Promise.resolve(provider.personalize(request, context)),
  horizonSelect: (items, quantity) => Promise.resolve(items.slice(0, quantity)),
};

/** Snippets from the template's folder and fixtures/hostile/snippets. */
export function snippetsFor(path: string): (name: string) => string | undefined {
  return (name) => {
    for (const dir of [dirname(path), join(FIXTURES, "hostile/snippets")]) {
      const p = join(dir, `${name}.zephyr`);
      if (existsSync(p)) return readFileSync(p, "utf8");
    }
    return undefined;
  };
}

/** Case-file inputs beside a template (`X.cases.json` for `X.zephyr`): profile and data as the cases give them. */
function caseInputs(path: string): RenderInput[] {
  const casesPath = path.replace(/\.zephyr$/, ".cases.json");
  if (!existsSync(casesPath)) return [];
  let file: { defaults?: Record<string, unknown>; cases?: Record<string, unknown>[] };
  try {
    file = readJson(casesPath) as typeof file;
  } catch {
    return [];
  }
  const load = (v: unknown): Record<string, unknown> | undefined =>
    typeof v === "string"
      ? (readJson(join(dirname(casesPath), v)) as Record<string, unknown>)
      : (v as Record<string, unknown> | undefined);
  return (file.cases ?? []).map((c) => ({
    profile: load(c.profile ?? file.defaults?.profile),
    data: load(c.data ?? file.defaults?.data),
  }));
}

/** Inputs for a fixture: its case files' inputs, then every sample profile with and without each data file. */
export function fixtureInputs(path: string): RenderInput[] {
  const out = caseInputs(path);
  for (const profile of PROFILES) for (const data of DATA) out.push({ profile, data });
  return out;
}

/** Option sets every differential render runs under. */
export function optionSets(path: string): RenderOptions[] {
  const base: RenderOptions = { now: "2024-03-15T12:00:00Z", provider, snippets: snippetsFor(path) };
  return [
    base,
    { ...base, escape: "none" },
    { ...base, segments: true },
    { ...base, strict: true },
    { ...base, platform: "stub", tz: "America/New_York", seed: 7 },
    { ...base, limits: { steps: 40, outputSize: 300, memory: 4000 } },
  ];
}

/** Everything a caller can observe of a render, as plain data. */
export function outcome(run: () => unknown): unknown {
  try {
    return settle(run());
  } catch (e) {
    return failure(e);
  }
}

export async function outcomeAsync(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return settle(await run());
  } catch (e) {
    return failure(e);
  }
}

function settle(r: unknown): unknown {
  return JSON.parse(JSON.stringify(r));
}

function failure(e: unknown): unknown {
  if (e instanceof ZephyrError)
    return { error: e.code, message: e.message, hint: e.hint, span: e.span, filename: e.filename, frame: e.frame() };
  return { thrown: String(e) };
}

/** Renders a template three ways' worth: for tests comparing backends. */
export function renderAll(t: Template, inputs: readonly RenderInput[], options: readonly RenderOptions[]): unknown[] {
  const out: unknown[] = [];
  for (const o of options) for (const input of inputs) out.push(outcome(() => t.render(input, o)));
  return out;
}
