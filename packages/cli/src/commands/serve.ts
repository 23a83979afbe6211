import type { Command } from "commander";

/** Placeholder: the `serve` command is being written (it replaces this file). */
export function registerServe(_program: Command): void {}
