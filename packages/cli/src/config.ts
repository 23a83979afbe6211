/**
 * zephyr.config.json on the command line: the nearest configuration above the template (or the current folder)
 * gives the render flags' values; a flag given on the command line wins.
 */
import { configFor, type LimitKey, type LoadedConfig } from "@zephyr/project";
import type { Command } from "commander";
import { usage } from "./inputs.js";

/** The commands that read the configuration. */
export const CONFIG_COMMANDS = new Set(["render", "preview", "lint", "check", "batch", "serve"]);

/** `limits` keys → the commander attribute of their flag. */
const LIMIT_FLAGS: Record<LimitKey, string> = {
  steps: "maxSteps",
  output: "maxOutput",
  depth: "maxDepth",
  "template-size": "maxTemplateSize",
  "include-depth": "maxIncludeDepth",
  memory: "maxMemory",
  "provider-timeout": "providerTimeout",
};

/** The configuration as flag values (commander attribute names; the values a flag would hold, paths absolute). */
export function configFlags(loaded: LoadedConfig): [string, string | boolean][] {
  const c = loaded.config;
  const out: [string, string | boolean][] = [];
  if (loaded.profiles[0]) out.push(["profile", loaded.profiles[0]]);
  for (const key of [
    "data",
    "catalog",
    "feed",
    "snippets",
    "endpoint",
    "brand",
    "tz",
    "now",
    "escape",
    "platform",
  ] as const) {
    const value = c[key];
    if (value !== undefined) out.push([key, value]);
  }
  if (c.seed !== undefined) out.push(["seed", String(c.seed)]);
  if (c.strict !== undefined) out.push(["strict", c.strict]);
  for (const [key, flag] of Object.entries(LIMIT_FLAGS)) {
    const n = c.limits?.[key as LimitKey];
    if (n !== undefined) out.push([flag, String(n)]);
  }
  return out;
}

/**
 * Sets the flags of `cmd` that the command line did not give from the configuration found from `start`.
 * A flag the command does not have is skipped (batch has no --profile). Returns the configuration used.
 */
export function applyConfig(cmd: Command, start: string): LoadedConfig | undefined {
  const loaded = usage(() => configFor(start));
  if (!loaded) return undefined;
  const names = new Set(cmd.options.map((o) => o.attributeName()));
  for (const [key, value] of configFlags(loaded)) {
    if (!names.has(key)) continue;
    const source = cmd.getOptionValueSource(key);
    if (source === "cli" || source === "env") continue;
    cmd.setOptionValueWithSource(key, value, "config");
  }
  return loaded;
}

/** Where a command's configuration search starts: its first file argument, its --templates folder, or here. */
export function configStart(cmd: Command): string {
  const first = cmd.args[0];
  if (first && first !== "-") return first;
  const templates = cmd.getOptionValue("templates");
  return typeof templates === "string" ? templates : process.cwd();
}
