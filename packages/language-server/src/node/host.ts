/** The project context of a document on disk: its zephyr.config.json and the sample inputs it names. */
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import addToCartSchema from "@zephyr/attentive/schemas/add-to-cart.schema.json" with { type: "json" };
import customAttributesSchema from "@zephyr/attentive/schemas/custom-attributes.schema.json" with { type: "json" };
import customEventsSchema from "@zephyr/attentive/schemas/custom-events.schema.json" with { type: "json" };
import productViewSchema from "@zephyr/attentive/schemas/product-view.schema.json" with { type: "json" };
import purchaseSchema from "@zephyr/attentive/schemas/purchase.schema.json" with { type: "json" };
import subscriptionsSchema from "@zephyr/attentive/schemas/subscriptions.schema.json" with { type: "json" };
import textSendSchema from "@zephyr/attentive/schemas/text-send.schema.json" with { type: "json" };
import {
  CONFIG_FILE,
  configSettings,
  contentSource,
  findConfig,
  type LoadedConfig,
  loadConfig,
  ProjectError,
  type RenderSettings,
  readJsonObject,
  renderOptions,
  snippetDirectory,
  snippetFile,
} from "@zephyr/project";
import { type ContextProblem, emptyContext, type ProjectContext, type SchemaNode } from "../core/context.js";

/** The payload schemas completion reads field names and values from, by endpoint. */
export const SCHEMAS: Record<string, SchemaNode> = {
  "text-send": textSendSchema as SchemaNode,
  subscriptions: subscriptionsSchema as SchemaNode,
  "custom-events": customEventsSchema as SchemaNode,
  "custom-attributes": customAttributesSchema as SchemaNode,
  "product-view": productViewSchema as SchemaNode,
  "add-to-cart": addToCartSchema as SchemaNode,
  purchase: purchaseSchema as SchemaNode,
};

const SNIPPET_EXTENSIONS = /\.(zephyr|zph|txt)$/;

export interface HostOptions {
  /**
   * Fetch a configuration's `feed` URL (default false: opening a folder must not make the editor send requests a
   * stranger's configuration chose; the render goes on without the feed and says so).
   */
  fetchFeeds?: boolean;
}

export class NodeProjectHost {
  constructor(private readonly options: HostOptions = {}) {}

  /**
   * Contexts by configuration file ("" for documents without one), with the modification times of the files each
   * was read from: a context is read again when one changes (and all are dropped when watched files change).
   */
  private readonly contexts = new Map<string, { ctx: Promise<ProjectContext>; stamps: [string, number][] }>();

  clear(): void {
    this.contexts.clear();
  }

  contextFor(uri: string): Promise<ProjectContext> {
    if (!uri.startsWith("file:")) return Promise.resolve(emptyContext());
    const path = fileURLToPath(uri);
    const config = findConfig(path) ?? "";
    const entry = this.contexts.get(config);
    if (entry?.stamps.every(([file, time]) => mtime(file) === time)) return entry.ctx;
    const files = config ? inputFiles(config) : [];
    const ctx = config ? buildContext(config, this.options) : Promise.resolve(emptyContext());
    this.contexts.set(config, { ctx, stamps: files.map((f) => [f, mtime(f)]) });
    return ctx;
  }
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** The configuration file and the inputs it names (profiles, data, catalog, the snippets folder). */
function inputFiles(configFile: string): string[] {
  const files = [configFile];
  try {
    const loaded = loadConfig(configFile);
    files.push(...loaded.profiles);
    for (const key of ["data", "catalog", "snippets"] as const) {
      const value = loaded.config[key];
      if (value) files.push(value);
    }
  } catch {
    // buildContext reports it; the configuration file's own time is enough to notice the fix
  }
  return files;
}

function problemOf(e: unknown, configUri?: string): ContextProblem {
  if (e instanceof ProjectError) {
    const p: ContextProblem = { code: e.code, message: e.message };
    if (e.file && e.line) {
      p.uri = pathToFileURL(e.file).href;
      p.line = e.line - 1;
      p.character = (e.column ?? 1) - 1;
    } else if (configUri) p.uri = configUri;
    return p;
  }
  return { code: "ZP_INPUT", message: e instanceof Error ? e.message : String(e), uri: configUri };
}

/** Reads a configuration and its inputs; every problem becomes a ContextProblem, never an exception. */
export async function buildContext(configFile: string, options: HostOptions = {}): Promise<ProjectContext> {
  const ctx = emptyContext();
  const configUri = pathToFileURL(configFile).href;
  ctx.configUri = configUri;
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(configFile);
  } catch (e) {
    ctx.problems.push(problemOf(e, configUri));
    return ctx;
  }
  const settings: RenderSettings = { endpoint: "text-send", ...configSettings(loaded) };
  if (settings.feed && !options.fetchFeeds) {
    ctx.problems.push({
      code: "ZLS_FEED_NOT_FETCHED",
      severity: "info",
      message: `the feed ${settings.feed} is not fetched in the editor (initializationOptions.fetchFeeds: true allows it); personalize() has no items`,
      uri: configUri,
    });
    delete settings.feed;
  }
  ctx.endpoint = settings.endpoint;
  if (settings.brand !== undefined) ctx.brand = settings.brand;
  ctx.schema = SCHEMAS[settings.endpoint];
  for (const file of loaded.profiles) {
    try {
      ctx.profiles.push(readJsonObject(file, "profile"));
    } catch (e) {
      ctx.problems.push(problemOf(e, configUri));
    }
  }
  try {
    ctx.options = renderOptions(settings);
  } catch (e) {
    ctx.problems.push(problemOf(e, configUri));
    ctx.options = renderOptions({ endpoint: settings.endpoint });
  }
  let data: Record<string, unknown> = {};
  try {
    if (settings.data) data = readJsonObject(settings.data, "data");
  } catch (e) {
    ctx.problems.push(problemOf(e, configUri));
  }
  try {
    const { provider, globals } = await contentSource(settings);
    ctx.options.provider = provider;
    ctx.data = { ...globals, ...data };
  } catch (e) {
    ctx.problems.push(problemOf(e, configUri));
    ctx.data = data;
  }
  if (settings.snippets) {
    const dir = settings.snippets;
    // Read a snippet each time it is included: the author may be editing it.
    if (ctx.options.snippets)
      ctx.options.snippets = snippetDirectory(dir, { maxChars: settings.limits?.templateSize, cache: false });
    try {
      ctx.snippets = readdirSync(dir)
        .filter((f) => statSync(`${dir}/${f}`).isFile())
        .map((f) => f.replace(SNIPPET_EXTENSIONS, ""))
        .filter((n, i, all) => all.indexOf(n) === i)
        .sort();
    } catch {
      // renderOptions reported an unreadable folder already
    }
    ctx.snippetUri = (name) => {
      const file = snippetFile(dir, name);
      return file ? pathToFileURL(file).href : undefined;
    };
  }
  return ctx;
}

export { CONFIG_FILE };
