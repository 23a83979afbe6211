/**
 * zephyr.config.json: the project's sample inputs and render options, found by walking up from a template.
 * Its keys are the CLI's long option names (design.md §5b); paths are relative to the file.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ENDPOINT_NAMES, locate } from "@zephyr/attentive/internal";
import { closest, LineIndex } from "@zephyr/zephyr/internal";
import { ProjectError } from "./errors.js";
import { escapePointer, syntaxErrorOffset } from "./json-document.js";
import { decodeText } from "./read.js";

export const CONFIG_FILE = "zephyr.config.json";

/** `limits` keys: the `--max-*` flag names without the prefix, and `provider-timeout`; the engine's Limits field. */
export const LIMIT_KEYS = {
  steps: "steps",
  output: "outputSize",
  depth: "depth",
  "template-size": "templateSize",
  "include-depth": "includeDepth",
  memory: "memory",
  "provider-timeout": "providerTimeoutMs",
} as const;
export type LimitKey = keyof typeof LIMIT_KEYS;

/** The configuration as written (paths as in the file). */
export interface ZephyrConfig {
  $schema?: string;
  profile?: string;
  profiles?: string[];
  data?: string;
  catalog?: string;
  feed?: string;
  snippets?: string;
  endpoint?: string;
  brand?: string;
  tz?: string;
  now?: string;
  seed?: number;
  strict?: boolean;
  platform?: "stub" | "error";
  escape?: "json" | "none";
  limits?: Partial<Record<LimitKey, number>>;
}

/** A configuration read from disk, with its paths made absolute. */
export interface LoadedConfig {
  /** Absolute path of the zephyr.config.json. */
  file: string;
  /** The folder holding it: the project's root. */
  dir: string;
  config: ZephyrConfig;
  /** Every sample profile (`profile` first, then `profiles`), absolute. */
  profiles: string[];
}

type Kind = "string" | "path" | "boolean" | "seed" | "strings" | "limits" | "endpoint" | "platform" | "escape";

/** Every key and what its value must be (the JSON Schema in schema/ says the same; a test keeps them equal). */
export const CONFIG_KEYS: Readonly<Record<keyof ZephyrConfig, Kind>> = {
  $schema: "string",
  profile: "path",
  profiles: "strings",
  data: "path",
  catalog: "path",
  feed: "string",
  snippets: "path",
  endpoint: "endpoint",
  brand: "string",
  tz: "string",
  now: "string",
  seed: "seed",
  strict: "boolean",
  platform: "platform",
  escape: "escape",
  limits: "limits",
};

/** The endpoint names a configuration may give (the validator's endpoints, and `none` for plain text). */
export function endpointNames(): string[] {
  return [...ENDPOINT_NAMES, "none"];
}

/** A key starting with `//` is a comment (JSON has none); its value must be a string or a list of strings. */
const isComment = (key: string) => key.startsWith("//");

/**
 * Parses and checks the text of a zephyr.config.json. Errors name the file, line and column of the bad key or value.
 */
export function parseConfig(text: string, file: string): ZephyrConfig {
  const index = new LineIndex(text);
  const at = (offset: number, endOffset = offset) => {
    const p = index.position(offset);
    return { file, line: p.line, column: p.column, offset, endOffset };
  };
  const located = locate(text);
  if (!located.ok) {
    throw new ProjectError(
      "ZP_CONFIG_SYNTAX",
      `${CONFIG_FILE} is not valid JSON: ${located.error.message}`,
      at(syntaxErrorOffset(text, located.error)),
    );
  }
  const { value, locations } = located;
  const where = (pointer: string, part: "key" | "value" = "value") => {
    const loc = locations.get(pointer);
    const range = loc ? (part === "key" && loc.key ? loc.key : loc.value) : { start: 0, end: 0 };
    return at(range.start, range.end);
  };
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ProjectError("ZP_CONFIG_VALUE", `${CONFIG_FILE} must hold a JSON object`, where(""));
  for (const d of located.duplicates) {
    const p = index.position(d.key.start);
    throw new ProjectError("ZP_CONFIG_KEY", `key ${d.pointer.slice(1)} is given twice`, {
      file,
      line: p.line,
      column: p.column,
      offset: d.key.start,
      endOffset: d.key.end,
    });
  }
  const config = value as Record<string, unknown>;
  const bad = (pointer: string, message: string): never => {
    throw new ProjectError("ZP_CONFIG_VALUE", message, where(pointer));
  };
  for (const [key, v] of Object.entries(config)) {
    const pointer = `/${escapePointer(key)}`;
    if (isComment(key)) {
      checkComment(v, pointer, key, bad);
      continue;
    }
    const kind = (CONFIG_KEYS as Record<string, Kind>)[key];
    if (!kind || !Object.hasOwn(CONFIG_KEYS, key)) {
      const suggestion = closest(key, Object.keys(CONFIG_KEYS));
      throw new ProjectError(
        "ZP_CONFIG_KEY",
        `unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : `; the keys are ${Object.keys(CONFIG_KEYS).join(", ")}`}`,
        where(pointer, "key"),
      );
    }
    checkValue(kind, key, v, pointer, bad, where);
  }
  return config as ZephyrConfig;
}

function checkComment(v: unknown, pointer: string, key: string, bad: (p: string, m: string) => never): void {
  if (typeof v === "string" || (Array.isArray(v) && v.every((s) => typeof s === "string"))) return;
  bad(pointer, `"${key}" is a comment key: its value must be a string or a list of strings`);
}

function checkValue(
  kind: Kind,
  key: string,
  v: unknown,
  pointer: string,
  bad: (p: string, m: string) => never,
  where: (p: string, part?: "key" | "value") => { file: string; line: number; column: number },
): void {
  const name = `"${key}"`;
  switch (kind) {
    case "string":
    case "path":
      if (typeof v !== "string" || v === "") bad(pointer, `${name} must be a non-empty string`);
      if (key === "now" && !Number.isFinite(Date.parse(v as string)))
        bad(pointer, `"now" must be an ISO 8601 date-time such as 2024-03-15T12:00:00Z`);
      if (key === "tz") {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: v as string });
        } catch {
          bad(pointer, `"tz" must be an IANA time zone such as UTC or America/New_York`);
        }
      }
      return;
    case "boolean":
      if (typeof v !== "boolean") bad(pointer, `${name} must be true or false`);
      return;
    case "seed":
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) bad(pointer, `${name} must be a whole number`);
      return;
    case "strings":
      if (!Array.isArray(v) || v.length === 0) bad(pointer, `${name} must be a non-empty list of file paths`);
      (v as unknown[]).forEach((s, i) => {
        if (typeof s !== "string" || s === "") bad(`${pointer}/${i}`, `${name}[${i}] must be a non-empty string`);
      });
      return;
    case "endpoint":
      if (typeof v !== "string" || !endpointNames().includes(v))
        bad(pointer, `${name} must be one of ${endpointNames().join(", ")}`);
      return;
    case "platform":
      if (v !== "stub" && v !== "error") bad(pointer, `${name} must be "stub" or "error"`);
      return;
    case "escape":
      if (v !== "json" && v !== "none") bad(pointer, `${name} must be "json" or "none"`);
      return;
    case "limits": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) bad(pointer, `${name} must be an object`);
      for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
        const p = `${pointer}/${escapePointer(k)}`;
        if (isComment(k)) {
          checkComment(n, p, k, bad);
          continue;
        }
        if (!Object.hasOwn(LIMIT_KEYS, k)) {
          const suggestion = closest(k, Object.keys(LIMIT_KEYS));
          throw new ProjectError(
            "ZP_CONFIG_KEY",
            `unknown limit "${k}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (limits are ${Object.keys(LIMIT_KEYS).join(", ")})`,
            where(p, "key"),
          );
        }
        if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1)
          bad(p, `limit "${k}" must be a positive whole number`);
      }
      return;
    }
  }
}

/** The nearest zephyr.config.json in `start` or a folder above it (`start` may be a file), or undefined. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and checks a configuration file; its paths become absolute. */
export function loadConfig(file: string): LoadedConfig {
  const path = resolve(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ProjectError("ZP_INPUT", `cannot read ${file}: ${(e as Error).message}`);
  }
  return resolveConfig(parseConfig(decodeText(bytes, file), path), path);
}

/** A parsed configuration with its paths made absolute against the folder of `file`. */
export function resolveConfig(config: ZephyrConfig, file: string): LoadedConfig {
  const dir = dirname(resolve(file));
  const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(dir, p));
  const out: ZephyrConfig = { ...config };
  for (const key of ["profile", "data", "catalog", "snippets"] as const) if (out[key]) out[key] = abs(out[key]);
  if (out.profiles) out.profiles = out.profiles.map((p) => resolve(dir, p));
  const profiles = [...(out.profile ? [out.profile] : []), ...(out.profiles ?? [])].filter(
    (p, i, all) => all.indexOf(p) === i,
  );
  return { file: resolve(file), dir, config: out, profiles };
}

/** The configuration that applies to a template (the nearest one above it), or undefined when there is none. */
export function configFor(templatePath: string): LoadedConfig | undefined {
  const file = findConfig(templatePath);
  return file ? loadConfig(file) : undefined;
}
