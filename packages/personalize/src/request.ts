import type { ContentItem, PersonalizeRequest } from "@zephyr/zephyr";
import { didYouMean, requestError } from "./errors.js";
import { KEY_TYPES, type KeyType, tagList } from "./item.js";

export const ALGORITHM_NAMES = [
  "popular",
  "trending",
  "interest",
  "context",
  "purchased",
  "viewed",
  "random",
  "custom",
] as const;
export type AlgorithmName = (typeof ALGORITHM_NAMES)[number];

/** A validated `personalize()` request, defaults applied. */
export interface Query {
  algorithm: AlgorithmName;
  size: number;
  /** Choose from these items instead of the catalog. */
  content?: ContentItem[];
  includeTagsAll: string[];
  includeTagsAny: string[];
  excludeTagsAny: string[];
  excludeTagsAll: string[];
  contextKeyType: KeyType;
  contextKey?: string;
  customKeyType: KeyType;
  customKeys?: string[];
  includeVars: boolean;
  allowExpired: boolean;
  imageRequired: boolean;
}

const DEFAULT_SIZE = 5;

const PARAMETERS = [
  "algorithm",
  "size",
  "content",
  "include_tags_all",
  "include_tags_any",
  "exclude_tags_any",
  "exclude_tags_all",
  "context_key_type",
  "context_key",
  "custom_key_type",
  "custom_keys",
  "include_vars",
  "allow_expired",
  "image_required",
] as const;

/** Validates a `personalize({...})` argument; a bad one is a ZephyrError naming the parameter and what it accepts. */
export function parseRequest(request: PersonalizeRequest): Query {
  for (const name of Object.keys(request)) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      throw requestError(
        "ZE_PERSONALIZE_UNKNOWN_PARAM",
        `personalize() has no parameter '${name}'. ${didYouMean(name, PARAMETERS)}Parameters: ${PARAMETERS.join(", ")}`,
      );
    }
  }
  const get = (name: (typeof PARAMETERS)[number]) => (request[name] === null ? undefined : request[name]);
  const algorithm = oneOf("algorithm", get("algorithm"), ALGORITHM_NAMES);
  if (algorithm === undefined) {
    throw requestError(
      "ZE_PERSONALIZE_MISSING_PARAM",
      `personalize() needs an 'algorithm': one of ${ALGORITHM_NAMES.join(", ")}`,
    );
  }
  const query: Query = {
    algorithm,
    size: size(get("size")),
    content: items(get("content")),
    includeTagsAll: tags("include_tags_all", get("include_tags_all")),
    includeTagsAny: tags("include_tags_any", get("include_tags_any")),
    excludeTagsAny: tags("exclude_tags_any", get("exclude_tags_any")),
    excludeTagsAll: tags("exclude_tags_all", get("exclude_tags_all")),
    contextKeyType: oneOf("context_key_type", get("context_key_type"), KEY_TYPES) ?? "url",
    contextKey: key("context_key", get("context_key")),
    customKeyType: oneOf("custom_key_type", get("custom_key_type"), KEY_TYPES) ?? "url",
    customKeys: keys(get("custom_keys")),
    includeVars: flag("include_vars", get("include_vars"), false),
    allowExpired: flag("allow_expired", get("allow_expired"), false),
    imageRequired: flag("image_required", get("image_required"), true),
  };
  if (algorithm === "context" && query.contextKey === undefined) missing("context_key", "context");
  if (algorithm === "custom" && query.customKeys === undefined) missing("custom_keys", "custom");
  return query;
}

function badType(name: string, expected: string, value: unknown): never {
  throw requestError(
    "ZE_PERSONALIZE_BAD_PARAM",
    `personalize() parameter '${name}' must be ${expected}, not ${describe(value)}`,
  );
}

function missing(name: string, algorithm: string): never {
  throw requestError("ZE_PERSONALIZE_MISSING_PARAM", `personalize() algorithm '${algorithm}' needs '${name}'`);
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function oneOf<T extends string>(name: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (choices as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === "string" ? didYouMean(value, choices) : "";
  const shown = typeof value === "string" ? `'${value}'` : describe(value);
  throw requestError(
    name === "algorithm" ? "ZE_PERSONALIZE_UNKNOWN_ALGORITHM" : "ZE_PERSONALIZE_BAD_PARAM",
    `personalize() ${name} ${shown} is not valid. ${hint}Valid ${name} values: ${choices.join(", ")}`,
  );
}

function size(value: unknown): number {
  if (value === undefined) return DEFAULT_SIZE;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  return badType("size", "a whole number of items, 0 or more", value);
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return typeof value === "boolean" ? value : badType(name, "true or false", value);
}

function tags(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  const ok = typeof value === "string" || (Array.isArray(value) && value.every((t) => typeof t === "string"));
  return ok ? tagList(value) : badType(name, "a list of tags or a comma-separated string of tags", value);
}

function key(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" || typeof value === "number" ? String(value) : badType(name, "a string", value);
}

function keys(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const ok = Array.isArray(value) && value.every((k) => typeof k === "string" || typeof k === "number");
  return ok ? value.map(String) : badType("custom_keys", "a list of keys (strings)", value);
}

function items(value: unknown): ContentItem[] | undefined {
  if (value === undefined) return undefined;
  const ok = Array.isArray(value) && value.every((i) => typeof i === "object" && i !== null && !Array.isArray(i));
  return ok ? (value as ContentItem[]) : badType("content", "a list of content items (objects)", value);
}
