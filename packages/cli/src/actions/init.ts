/** `zephyr init` as it runs: commands/init.ts defines the options and imports this module only when init runs. */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CONFIG_FILE, initConfigText } from "@zephyr/project";
import { CliError, EXIT } from "../errors.js";
import { reason } from "../inputs.js";

export interface InitFlags {
  profile?: string;
  force?: boolean;
}

export function runInit(dir: string, flags: InitFlags): void {
  const folder = resolve(dir);
  const file = join(folder, CONFIG_FILE);
  if (existsSync(file) && !flags.force) throw new CliError(`${file} exists already; --force overwrites it`);
  const profile = flags.profile ? relative(folder, resolve(flags.profile)) || flags.profile : undefined;
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, initConfigText({ profile }));
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${reason(e)}`, EXIT.IO_ERROR);
  }
  process.stdout.write(`wrote ${file}\n`);
}
