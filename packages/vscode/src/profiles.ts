/**
 * The sample profiles "Zephyr: Render with profile…" offers: those the template's `zephyr.config.json` names
 * (`profile`, then the `profiles` list, paths relative to the file, design.md §5b). The configuration is found and
 * read by @zephyr/project, as the CLI and the language server read it (the same walk up from the template, the same
 * checks), and bundled into the extension by scripts/bundle.mjs. No `vscode` import: unit-tested in Node.
 */
import { relative } from "node:path";
import { findConfig, type LoadedConfig, loadConfig, readJsonObject } from "@zephyr/project";

export { CONFIG_FILE, findConfig } from "@zephyr/project";

/** A profile a configuration names: its absolute path and the text to show for it. */
export interface ProfileChoice {
  path: string;
  label: string;
}

/** The profiles of a loaded configuration (`profile` first, then `profiles`, without repeats), labelled relative to it. */
export function configProfiles(loaded: LoadedConfig): ProfileChoice[] {
  return loaded.profiles.map((path) => ({ path, label: relative(loaded.dir, path) || path }));
}

/**
 * The profiles of the configuration that applies to `templatePath` (the nearest `zephyr.config.json` above it).
 * None when there is no configuration, or when it cannot be read or is not valid: the language server reports
 * what is wrong with it, on the template, linked to the line in the file.
 */
export async function profilesFor(templatePath: string): Promise<ProfileChoice[]> {
  const file = findConfig(templatePath);
  if (!file) return [];
  try {
    return configProfiles(loadConfig(file));
  } catch {
    return [];
  }
}

/** A profile file's JSON object (read as the CLI and the server read it); an error that says which file and why. */
export async function readProfile(path: string): Promise<Record<string, unknown>> {
  return readJsonObject(path, "profile");
}
