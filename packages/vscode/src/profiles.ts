/**
 * The sample profiles "Zephyr: Render with profile…" offers: those a `zephyr.config.json` names (`profile`, and the
 * `profiles` list; paths relative to the file, as design.md §5b says) for the nearest such file above the template.
 * No `vscode` import: unit-tested in Node. (Reading only these two keys; the language server reads the whole file
 * through @zephyr/project.)
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

export const CONFIG_FILE = "zephyr.config.json";

/** The nearest `zephyr.config.json` in `dir` or a folder above it, not above `stopAt` when given; undefined if none. */
export async function findConfig(dir: string, stopAt?: string): Promise<string | undefined> {
  let at = resolve(dir);
  const stop = stopAt === undefined ? undefined : resolve(stopAt);
  for (;;) {
    const candidate = join(at, CONFIG_FILE);
    const found = await stat(candidate).then(
      (s) => s.isFile(),
      () => false,
    );
    if (found) return candidate;
    const up = dirname(at);
    if (up === at || at === stop) return undefined;
    at = up;
  }
}

/** A profile a configuration names: its absolute path and the text to show for it. */
export interface ProfileChoice {
  path: string;
  label: string;
}

/**
 * The profiles named by a configuration file's text (`profile` first, then `profiles`, without repeats), resolved
 * against `configDir`. A file that is not a JSON object, or keys of the wrong type, name none: the language server
 * reports what is wrong with the file.
 */
export function configProfiles(configText: string, configDir: string): ProfileChoice[] {
  let config: unknown;
  try {
    config = JSON.parse(configText.charCodeAt(0) === 0xfeff ? configText.slice(1) : configText);
  } catch {
    return [];
  }
  if (config === null || typeof config !== "object" || Array.isArray(config)) return [];
  const { profile, profiles } = config as { profile?: unknown; profiles?: unknown };
  const names = [profile, ...(Array.isArray(profiles) ? profiles : [])].filter(
    (p): p is string => typeof p === "string" && p.length > 0,
  );
  const seen = new Set<string>();
  const out: ProfileChoice[] = [];
  for (const name of names) {
    const path = resolve(configDir, name);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, label: name });
  }
  return out;
}

/** The profiles of the configuration that applies to `templatePath` (none when there is no configuration). */
export async function profilesFor(templatePath: string, stopAt?: string): Promise<ProfileChoice[]> {
  const config = await findConfig(dirname(templatePath), stopAt);
  if (!config) return [];
  const text = await readFile(config, "utf8").catch(() => "");
  return configProfiles(text, dirname(config));
}

/** A profile file's JSON object; an error that says which file and why otherwise. */
export async function readProfile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read the profile ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new Error(`the profile ${path} is not JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error(`the profile ${path} must be a JSON object (with vars, keys, …)`);
  return value as Record<string, unknown>;
}
