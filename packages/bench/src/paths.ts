import { fileURLToPath } from "node:url";

/** The monorepo root (this file runs from packages/bench/dist/). */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const fromRoot = (p: string): string => ROOT + p;
/** Where raw outputs (profiles, temp files) go; git-ignored. */
export const RESULTS_DIR = fromRoot("packages/bench/.results");
