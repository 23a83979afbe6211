/**
 * Where a case file may read from (issue 13 item 5). A CI job that checks a contributor's branch must not print the
 * runner's files: every path in a case file (`template`, `profile`, `data`, `catalog`, `snippets`) resolves inside
 * the project, which is the folder holding `zephyr.config.json` (the nearest one above the case file), else the
 * folder that was checked (the directory given to `zephyr check`, the folder of a file given, or the working
 * directory). Absolute paths, `..` that leaves the project and symbolic links that lead out of it are refused.
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { CONFIG_FILE, findConfig } from "@zephyr/project";
import { isInside } from "../inputs.js";
import { display } from "./case-file.js";

export { CONFIG_FILE };

/** The project of a case file: the folder of the nearest `zephyr.config.json` above it, else `checked`. */
export function projectRoot(caseFile: string, checked: string): string {
  const config = findConfig(dirname(caseFile));
  return config ? dirname(config) : checked;
}

/**
 * Why `value` (a path written in a case file, relative to `base`) may not be read, or undefined when it is inside
 * `root` (a path that does not exist is left to the caller, which reports it as not found).
 */
export function outsideProject(root: string, base: string, value: string): string | undefined {
  const project = `the project ${display(root)}`;
  if (isAbsolute(value))
    return `${JSON.stringify(value)} is an absolute path; paths in a case file are relative to it and stay inside ${project}`;
  const abs = resolve(base, value);
  if (!isInside(root, abs))
    return `${JSON.stringify(value)} leads out of ${project} (the folder of the nearest ${CONFIG_FILE}, else the folder checked)`;
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return undefined;
  }
  if (!isInside(realpathSync(root), real))
    return `${JSON.stringify(value)} is a symbolic link to ${real}, outside ${project}`;
  return undefined;
}
