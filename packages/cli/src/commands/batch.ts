import type { Command } from "commander";

/** Placeholder: the `batch` command is being written (it replaces this file). */
export function registerBatch(_program: Command): void {}
