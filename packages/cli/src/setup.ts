import { type Catalog, CatalogProvider, FeedProvider, loadCatalog } from "@zephyr/personalize";
import {
  type ContentProvider,
  compile,
  DEFAULT_LIMITS,
  type Limits,
  type RenderInput,
  type RenderOptions,
  type Template,
  ZephyrError,
} from "@zephyr/zephyr/internal";
import { type Command, Option } from "commander";
import { CliError, EXIT } from "./errors.js";
import { clockOptions, readJsonObject, readText, snippetDirectory } from "./inputs.js";

export type Endpoint = "text-send" | "subscriptions" | "none";

/** The flags every rendering command takes (render, preview, batch, serve, check's defaults). */
export interface RenderFlags {
  profile?: string;
  data?: string;
  catalog?: string;
  feed?: string;
  snippets?: string;
  endpoint: Endpoint;
  strict?: boolean;
  now?: string;
  tz?: string;
  seed?: string;
  maxSteps?: string;
  maxOutput?: string;
  maxDepth?: string;
  maxTemplateSize?: string;
  maxIncludeDepth?: string;
  providerTimeout?: string;
  /** Default: json for the payload endpoints, none with `--endpoint none` (plain text is not JSON). */
  escape?: "json" | "none";
}

export function addRenderFlags(cmd: Command, { profile = true } = {}): Command {
  if (profile)
    cmd.option("--profile <file>", "profile JSON (profile.email, profile.keys.sms, profile.vars.*, purchases, ...)");
  return cmd
    .option("--data <file>", "globals JSON (send-API vars); they override profile vars as bare names")
    .option(
      "--catalog <file>",
      "content catalog for personalize() (Sailthru feed shape); its top-level keys become globals",
    )
    .option("--feed <url>", "JSON feed URL for personalize(); its top-level keys become globals")
    .option("--snippets <dir>", "directory of snippets for {include 'name'}")
    .addOption(
      new Option("--endpoint <name>", "payload to validate")
        .choices(["text-send", "subscriptions", "none"])
        .default("text-send"),
    )
    .option("--strict", "undefined variables and members of null are errors")
    .option("--now <iso>", "render clock, e.g. 2024-03-15T12:00:00Z (default: now)")
    .option("--tz <zone>", "time zone for date() and time() (default: UTC)")
    .option("--seed <n>", "seed for random() and shuffle() (default: 0)")
    .option("--max-steps <n>", `evaluation steps per render (default: ${DEFAULT_LIMITS.steps})`)
    .option("--max-output <n>", `output characters per render (default: ${DEFAULT_LIMITS.outputSize})`)
    .option("--max-depth <n>", `nesting depth of expressions and calls (default: ${DEFAULT_LIMITS.depth})`)
    .option("--max-template-size <n>", `template characters (default: ${DEFAULT_LIMITS.templateSize})`)
    .option("--max-include-depth <n>", `nested {include} depth (default: ${DEFAULT_LIMITS.includeDepth})`)
    .option(
      "--provider-timeout <ms>",
      `time a content provider may take (default: ${DEFAULT_LIMITS.providerTimeoutMs})`,
    )
    .addOption(
      new Option(
        "--escape <mode>",
        "json: escape values by JSON context; none: raw, as the platform does (default: json; none with --endpoint none)",
      ).choices(["json", "none"]),
    );
}

/** Everything a render needs, resolved from the flags once (a batch reuses it for every profile). */
export interface RenderSetup {
  template: Template;
  /** Globals from the catalog/feed and --data (data wins). */
  data: Record<string, unknown>;
  profile: Record<string, unknown> | undefined;
  options: RenderOptions;
  endpoint: Endpoint;
}

export function compileTemplateFile(path: string, limits?: Partial<Limits>): Template {
  const source = readText(path, "template");
  return compile(source, { filename: path === "-" ? "<stdin>" : path, limits });
}

const LIMIT_FLAGS: [keyof RenderFlags, keyof Limits, string][] = [
  ["maxSteps", "steps", "--max-steps"],
  ["maxOutput", "outputSize", "--max-output"],
  ["maxDepth", "depth", "--max-depth"],
  ["maxTemplateSize", "templateSize", "--max-template-size"],
  ["maxIncludeDepth", "includeDepth", "--max-include-depth"],
  ["providerTimeout", "providerTimeoutMs", "--provider-timeout"],
];

/** The limits set by `--max-*` flags (positive whole numbers), or undefined when none is given. */
export function limitOptions(flags: RenderFlags): Partial<Limits> | undefined {
  let limits: Partial<Limits> | undefined;
  for (const [flag, limit, name] of LIMIT_FLAGS) {
    const value = flags[flag];
    if (value === undefined) continue;
    if (typeof value !== "string" || !/^[1-9]\d*$/.test(value))
      throw new CliError(`${name} must be a positive whole number; got ${JSON.stringify(value)}`);
    (limits ??= {})[limit] = Number(value);
  }
  return limits;
}

export async function prepareRender(templatePath: string, flags: RenderFlags): Promise<RenderSetup> {
  const limits = limitOptions(flags);
  const template = compileTemplateFile(templatePath, limits);
  const profile = flags.profile ? readJsonObject(flags.profile, "profile") : undefined;
  const data = flags.data ? readJsonObject(flags.data, "data") : {};
  const { provider, globals } = await contentSource(flags);
  const options: RenderOptions = {
    ...clockOptions(flags),
    provider,
    escape: flags.escape ?? (flags.endpoint === "none" ? "none" : "json"),
  };
  if (flags.strict) options.strict = true;
  if (limits) options.limits = limits;
  if (flags.snippets) options.snippets = snippetDirectory(flags.snippets);
  return { template, profile, data: { ...globals, ...data }, options, endpoint: flags.endpoint };
}

/** The content provider: a catalog file, a feed URL, or the built-in one (which ranks a `content` list it is given). */
export async function contentSource(
  flags: RenderFlags,
): Promise<{ provider: ContentProvider; globals: Record<string, unknown> }> {
  if (flags.catalog && flags.feed) throw new CliError("give --catalog or --feed, not both");
  let catalog: Catalog | undefined;
  try {
    if (flags.catalog) catalog = await loadCatalog(flags.catalog);
    else if (flags.feed) {
      const timeoutMs = limitOptions(flags)?.providerTimeoutMs ?? DEFAULT_LIMITS.providerTimeoutMs;
      catalog = await new FeedProvider({ url: flags.feed, timeoutMs }).load();
    }
  } catch (e) {
    if (e instanceof ZephyrError) throw new CliError(e.hint ? `${e.message}\nhint: ${e.hint}` : e.message);
    throw e;
  }
  return { provider: new CatalogProvider(catalog), globals: catalog ? { ...catalog } : {} };
}

export function renderInput(setup: RenderSetup, profile = setup.profile): RenderInput {
  return { profile, data: setup.data };
}

/** Exit code for an exception thrown while rendering. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof ZephyrError) return EXIT.TEMPLATE_ERROR;
  return 70;
}
