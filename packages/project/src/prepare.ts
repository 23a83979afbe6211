/** "This template + these settings" → "this render": what the CLI and the language server both need. */
import type { EndpointName } from "@zephyr/attentive/internal";
import { type Catalog, CatalogProvider, FeedProvider, loadCatalog } from "@zephyr/personalize";
import {
  type ContentProvider,
  compile,
  DEFAULT_LIMITS,
  type EscapeMode,
  type Limits,
  type RenderInput,
  type RenderOptions,
  type Template,
  ZephyrError,
} from "@zephyr/zephyr/internal";
import { LIMIT_KEYS, type LoadedConfig } from "./config.js";
import { ProjectError } from "./errors.js";
import { readJsonObject, readText, snippetDirectory } from "./read.js";

export type Endpoint = EndpointName | "none";

/** The settings of one render, from the configuration and the command line (flags override the file). */
export interface RenderSettings {
  profile?: string;
  data?: string;
  catalog?: string;
  feed?: string;
  snippets?: string;
  endpoint: Endpoint;
  strict?: boolean;
  now?: string;
  tz?: string;
  seed?: number;
  limits?: Partial<Limits>;
  /** Default: json for the payload endpoints, none for `endpoint: "none"` (plain text is not JSON). */
  escape?: EscapeMode;
  brand?: string;
  platform?: "stub" | "error";
}

/** Everything a render needs, resolved once (a batch reuses it for every profile). */
export interface RenderSetup {
  template: Template;
  /** Globals from the catalog/feed and the data file (data wins). */
  data: Record<string, unknown>;
  profile: Record<string, unknown> | undefined;
  options: RenderOptions;
  endpoint: Endpoint;
  brand?: string;
  platform?: "stub" | "error";
}

/** The render settings a configuration gives (paths absolute); the CLI lays its flags over them. */
export function configSettings(loaded: LoadedConfig | undefined): Partial<RenderSettings> {
  if (!loaded) return {};
  const c = loaded.config;
  const out: Partial<RenderSettings> = {};
  if (loaded.profiles[0]) out.profile = loaded.profiles[0];
  for (const key of ["data", "catalog", "feed", "snippets", "now", "tz", "brand"] as const)
    if (c[key] !== undefined) out[key] = c[key];
  if (c.endpoint !== undefined) out.endpoint = c.endpoint as Endpoint;
  if (c.strict !== undefined) out.strict = c.strict;
  if (c.seed !== undefined) out.seed = c.seed;
  if (c.escape !== undefined) out.escape = c.escape;
  if (c.platform !== undefined) out.platform = c.platform;
  if (c.limits) {
    const limits: Partial<Limits> = {};
    for (const [key, field] of Object.entries(LIMIT_KEYS)) {
      const n = c.limits[key as keyof typeof LIMIT_KEYS];
      if (n !== undefined) limits[field] = n;
    }
    out.limits = limits;
  }
  return out;
}

/** Compiles a template file (or standard input for `-`); `source`, when given, is its text already read. */
export function compileTemplateFile(path: string, limits?: Partial<Limits>, source?: string): Template {
  return compile(source ?? readText(path, "template"), { filename: path === "-" ? "<stdin>" : path, limits });
}

/** Render options from the settings: clock, seed, strictness, limits, escaping, snippets (no provider). */
export function renderOptions(settings: RenderSettings): RenderOptions {
  const options: RenderOptions = {
    ...clockOptions(settings),
    escape: settings.escape ?? (settings.endpoint === "none" ? "none" : "json"),
  };
  if (settings.strict) options.strict = true;
  if (settings.platform === "stub") options.platform = "stub";
  if (settings.limits && Object.keys(settings.limits).length) options.limits = settings.limits;
  if (settings.snippets)
    options.snippets = snippetDirectory(settings.snippets, { maxChars: settings.limits?.templateSize });
  return options;
}

/** Reads the profile, data, catalog or feed and snippets; compiles the template (`source`: its text, already read). */
export async function prepareRender(
  templatePath: string,
  settings: RenderSettings,
  source?: string,
): Promise<RenderSetup> {
  const template = compileTemplateFile(templatePath, settings.limits, source);
  return prepareInputs(template, settings);
}

/** `prepareRender` for a template already compiled (an editor's unsaved text). */
export async function prepareInputs(template: Template, settings: RenderSettings): Promise<RenderSetup> {
  const profile = settings.profile ? readJsonObject(settings.profile, "profile") : undefined;
  const data = settings.data ? readJsonObject(settings.data, "data") : {};
  const { provider, globals } = await contentSource(settings);
  const options = { ...renderOptions(settings), provider };
  const setup: RenderSetup = { template, profile, data: { ...globals, ...data }, options, endpoint: settings.endpoint };
  if (settings.brand !== undefined) setup.brand = settings.brand;
  if (settings.platform !== undefined) setup.platform = settings.platform;
  return setup;
}

/** The content provider: a catalog file, a feed URL, or the built-in one (which ranks a `content` list it is given). */
export async function contentSource(
  settings: Pick<RenderSettings, "catalog" | "feed" | "limits">,
): Promise<{ provider: ContentProvider; globals: Record<string, unknown> }> {
  if (settings.catalog && settings.feed) throw new ProjectError("ZP_INPUT", "give a catalog or a feed, not both");
  let catalog: Catalog | undefined;
  try {
    if (settings.catalog) catalog = await loadCatalog(settings.catalog);
    else if (settings.feed) {
      const timeoutMs = settings.limits?.providerTimeoutMs ?? DEFAULT_LIMITS.providerTimeoutMs;
      catalog = await new FeedProvider({ url: settings.feed, timeoutMs }).load();
    }
  } catch (e) {
    if (e instanceof ZephyrError)
      throw new ProjectError("ZP_INPUT", e.hint ? `${e.message}\nhint: ${e.hint}` : e.message);
    throw e;
  }
  return { provider: new CatalogProvider(catalog), globals: catalog ? { ...catalog } : {} };
}

export function renderInput(setup: RenderSetup, profile = setup.profile): RenderInput {
  return { profile, data: setup.data };
}

/** Checks `now`, `tz` and `seed` and turns them into render options (bad values are ZP_INPUT errors). */
export function clockOptions(opts: {
  now?: string;
  tz?: string;
  seed?: number | string;
}): Pick<RenderOptions, "now" | "tz" | "seed"> {
  const out: Pick<RenderOptions, "now" | "tz" | "seed"> = {};
  if (opts.now !== undefined) {
    if (!Number.isFinite(Date.parse(opts.now)))
      throw new ProjectError(
        "ZP_INPUT",
        `--now must be an ISO 8601 date-time such as 2024-03-15T12:00:00Z; got ${JSON.stringify(opts.now)}`,
      );
    out.now = opts.now;
  }
  if (opts.tz !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: opts.tz });
    } catch {
      throw new ProjectError(
        "ZP_INPUT",
        `--tz must be an IANA time zone such as UTC or America/New_York; got ${JSON.stringify(opts.tz)}`,
      );
    }
    out.tz = opts.tz;
  }
  if (opts.seed !== undefined) {
    if (!/^\d+$/.test(String(opts.seed)))
      throw new ProjectError("ZP_INPUT", `--seed must be a whole number; got ${JSON.stringify(opts.seed)}`);
    out.seed = Number(opts.seed);
  }
  return out;
}
