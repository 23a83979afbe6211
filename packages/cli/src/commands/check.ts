import type { Command } from "commander";

/** Placeholder: the `check` command is being written (it replaces this file). */
export function registerCheck(_program: Command): void {}
