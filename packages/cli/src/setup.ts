import { ENDPOINT_NAMES } from "@zephyr/attentive";
import * as project from "@zephyr/project";
import {
  type CodegenMode,
  type ContentProvider,
  compile,
  DEFAULT_LIMITS,
  type Limits,
  type PlatformMode,
  type RenderInput,
  type Template,
  ZephyrError,
} from "@zephyr/zephyr/internal";
import { type Command, Option } from "commander";
import { CliError, EXIT } from "./errors.js";
import { usage, usageAsync } from "./inputs.js";

/** An Attentive endpoint, or `none`: render only. */
export type Endpoint = project.Endpoint;

/** The `--endpoint` choices of the rendering commands: every Attentive endpoint, then `none`. */
export const ENDPOINT_CHOICES: readonly Endpoint[] = [...ENDPOINT_NAMES, "none"];

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
  maxMemory?: string;
  /** Default: json for the payload endpoints, none with `--endpoint none` (plain text is not JSON). */
  escape?: "json" | "none";
  /** Platform functions: `stub` placeholders or `error` (the command's default: stub for preview and serve). */
  platform?: PlatformMode;
}

export function addRenderFlags(
  cmd: Command,
  { profile = true, platform = "error" }: { profile?: boolean; platform?: PlatformMode } = {},
): Command {
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
      new Option("--endpoint <name>", "Attentive API the payload is for (none: plain text, not validated)")
        .choices(ENDPOINT_CHOICES)
        .default("text-send"),
    )
    .option("--strict", "undefined variables and members of null are errors")
    .addOption(
      new Option(
        "--platform <mode>",
        "Sailthru platform functions (promotion, api_user, ...): stub returns preview placeholders, error fails",
      )
        .choices(["stub", "error"])
        .default(platform),
    )
    .option("--now <iso>", "render clock, e.g. 2024-03-15T12:00:00Z (default: now)")
    .option("--tz <zone>", "time zone for date() and time() (default: UTC)")
    .option("--seed <n>", "seed for random() and shuffle() (default: 0)")
    .option("--max-steps <n>", `evaluation steps per render (default: ${DEFAULT_LIMITS.steps})`)
    .option("--max-output <n>", `output characters per render (default: ${DEFAULT_LIMITS.outputSize})`)
    .option("--max-depth <n>", `nesting depth of expressions and calls (default: ${DEFAULT_LIMITS.depth})`)
    .option("--max-template-size <n>", `template characters (default: ${DEFAULT_LIMITS.templateSize})`)
    .option("--max-include-depth <n>", `nested {include} depth (default: ${DEFAULT_LIMITS.includeDepth})`)
    .option(
      "--max-memory <bytes>",
      `bytes of strings, lists and objects a render may build (default: ${DEFAULT_LIMITS.memory})`,
    )
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

/** Everything a render needs, resolved once (a batch reuses it for every profile): see @zephyr/project. */
export type RenderSetup = project.RenderSetup;

/** Compiles a template file (or standard input for `-`); `source`, when given, is its text already read. */
export function compileTemplateFile(path: string, limits?: Partial<Limits>, source?: string): Template {
  return usage(() => project.compileTemplateFile(path, limits, source));
}

/**
 * Every numeric limit flag with its valid range: a value outside it is a usage error (exit 64) naming the flag and the
 * range, never silently clamped or wrapped (a time-out above 2^31-1 ms would become 1 ms in setTimeout). A new limit
 * flag is one more row.
 */
export interface LimitFlag {
  /** The commander property (`--max-steps` → maxSteps). */
  key: keyof RenderFlags;
  limit: keyof Limits;
  flag: string;
  min: number;
  max: number;
  /** Shown after the range (`ms`, `characters`). */
  unit: string;
}

/** Longest string V8 makes is 2^29 - 24 characters; a size limit above it could never be reached. */
const MAX_SIZE = 500_000_000;

export const LIMIT_FLAGS: readonly LimitFlag[] = [
  { key: "maxSteps", limit: "steps", flag: "--max-steps", min: 1, max: 1_000_000_000_000, unit: "steps" },
  { key: "maxOutput", limit: "outputSize", flag: "--max-output", min: 1, max: MAX_SIZE, unit: "characters" },
  { key: "maxDepth", limit: "depth", flag: "--max-depth", min: 1, max: 100_000, unit: "levels" },
  {
    key: "maxTemplateSize",
    limit: "templateSize",
    flag: "--max-template-size",
    min: 1,
    max: MAX_SIZE,
    unit: "characters",
  },
  { key: "maxIncludeDepth", limit: "includeDepth", flag: "--max-include-depth", min: 1, max: 1_000, unit: "levels" },
  // setTimeout takes at most 2^31 - 1 ms (about 24.8 days); above that Node fires it after 1 ms.
  {
    key: "providerTimeout",
    limit: "providerTimeoutMs",
    flag: "--provider-timeout",
    min: 1,
    max: 2_147_483_647,
    unit: "ms",
  },
  // Bytes a render may build (strings, lists, objects; README "Limits"): up to a terabyte, far above any heap.
  { key: "maxMemory", limit: "memory", flag: "--max-memory", min: 1, max: 1_000_000_000_000, unit: "bytes" },
];

/** A whole number within `[min, max]`, or a usage error naming the flag and the range. */
export function parseLimit(spec: Pick<LimitFlag, "flag" | "min" | "max" | "unit">, value: unknown): number {
  const n = typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= spec.min && n <= spec.max))
    throw new CliError(
      `${spec.flag} must be a whole number from ${spec.min} to ${spec.max} (${spec.unit}); got ${JSON.stringify(value)}`,
    );
  return n;
}

/** The limits set by `--max-*` flags (whole numbers within each flag's range), or undefined when none is given. */
export function limitOptions(flags: RenderFlags): Partial<Limits> | undefined {
  let limits: Partial<Limits> | undefined;
  for (const spec of LIMIT_FLAGS) {
    const value = flags[spec.key];
    if (value === undefined) continue;
    (limits ??= {})[spec.limit] = parseLimit(spec, value);
  }
  return limits;
}

/** The flags as @zephyr/project's render settings (the configuration file's values are already among them). */
export function renderSettings(flags: RenderFlags): project.RenderSettings {
  const settings: project.RenderSettings = { endpoint: flags.endpoint };
  for (const key of ["profile", "data", "catalog", "feed", "snippets", "now", "tz", "seed", "escape"] as const)
    if (flags[key] !== undefined) (settings as unknown as Record<string, unknown>)[key] = flags[key];
  if (flags.strict) settings.strict = true;
  if (flags.platform) settings.platform = flags.platform;
  const limits = limitOptions(flags);
  if (limits) settings.limits = limits;
  return settings;
}

/**
 * Everything a render needs. `codegen` picks the engine's backend (a batch worker asks for generated code at once: it
 * renders the template many times); without it the engine's default tiering applies.
 */
export async function prepareRender(
  templatePath: string,
  flags: RenderFlags,
  source?: string,
  codegen?: CodegenMode,
): Promise<RenderSetup> {
  const settings = renderSettings(flags);
  if (codegen === undefined) return usageAsync(() => project.prepareRender(templatePath, settings, source));
  const template = usage(() =>
    compile(source ?? project.readText(templatePath, "template"), {
      filename: templatePath === "-" ? "<stdin>" : templatePath,
      limits: settings.limits,
      codegen,
    }),
  );
  return usageAsync(() => project.prepareInputs(template, settings));
}

/** The content provider: a catalog file, a feed URL, or the built-in one (which ranks a `content` list it is given). */
export async function contentSource(
  flags: RenderFlags,
): Promise<{ provider: ContentProvider; globals: Record<string, unknown> }> {
  if (flags.catalog && flags.feed) throw new CliError("give --catalog or --feed, not both");
  const limits = flags.catalog ? undefined : limitOptions(flags);
  return usageAsync(() => project.contentSource({ catalog: flags.catalog, feed: flags.feed, limits }));
}

export function renderInput(setup: RenderSetup, profile = setup.profile): RenderInput {
  return project.renderInput(setup, profile);
}

/** Exit code for an exception thrown while rendering. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof ZephyrError) return EXIT.TEMPLATE_ERROR;
  return 70;
}
