/**
 * The resume record `<out>.progress`: how many input lines are fully accounted for, how many bytes they were and
 * their SHA-256 (so a resume notices an input that changed), and how many bytes of the output and rejects files
 * hold their results. It is written (atomically: a temporary file, then a rename) only
 * after those bytes were handed to the operating system, so a run killed at any moment, even with -9, leaves a
 * record that describes a prefix of the files: `--resume` cuts the files back to that prefix (dropping a partial
 * last line and any line written after the record) and continues with the next input line.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { CliError } from "../errors.js";
import type { Consumed } from "./lines.js";

/** Input lines accounted for, and what became of them. `lines` counts every line, blank ones included. */
export interface Tally {
  lines: number;
  blank: number;
  written: number;
  rejected: number;
  cancelled: number;
  warned: number;
}

export const emptyTally = (): Tally => ({ lines: 0, blank: 0, written: 0, rejected: 0, cancelled: 0, warned: 0 });

/** Everything that must be the same for a resumed run to continue the same output. */
export type Settings = Record<string, string | boolean | null>;

export interface Progress extends Tally, Consumed {
  /** 2 since the record identifies the input (1 did not: such a record cannot be resumed safely). */
  version: 2;
  settings: Settings;
  outBytes: number;
  rejectsBytes: number;
}

export const progressPath = (out: string) => `${out}.progress`;

/** The record of the run to resume; undefined when there is none. */
export function readProgress(path: string): Progress | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let value: Partial<Progress> | undefined;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if ((value?.version as number | undefined) === 1)
    throw new CliError(
      `cannot resume: ${path} was written by an older zephyr batch that did not record which input it read, so a changed input could not be noticed; run without --resume to start over`,
    );
  const counts = [
    "lines",
    "blank",
    "written",
    "rejected",
    "cancelled",
    "warned",
    "outBytes",
    "rejectsBytes",
    "inputBytes",
  ] as const;
  if (
    value?.version !== 2 ||
    typeof value.inputSha256 !== "string" ||
    typeof value.settings !== "object" ||
    value.settings === null ||
    !counts.every((k) => Number.isSafeInteger(value[k]) && (value[k] as number) >= 0)
  )
    throw new CliError(`cannot resume: ${path} is not a progress record written by zephyr batch`);
  return value as Progress;
}

export function writeProgress(path: string, progress: Progress): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(progress)}\n`);
  renameSync(tmp, path);
}

/** Names the first setting that differs, as a resume error; undefined when they agree. */
export function settingsMismatch(before: Settings, now: Settings): string | undefined {
  for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
    const a = before[key] ?? null;
    const b = now[key] ?? null;
    if (a !== b)
      return `cannot resume: ${key} was ${JSON.stringify(a)} in the run being resumed and is ${JSON.stringify(b)} now; run without --resume to start over`;
  }
  return undefined;
}
