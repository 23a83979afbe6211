/**
 * The playground's JSON API, over the same `renderPayload` code as `zephyr render`. Request shapes are checked
 * here (400 with a message naming the field); template errors are results (`ok: false` with diagnostics), not
 * HTTP errors.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ENDPOINT_NAMES,
  ENDPOINTS,
  type EndpointName,
  isEndpointName,
  type PayloadResult,
  renderPayloadAsync,
  smsFacts,
  validatePayload,
} from "@zephyr/attentive/internal";
import type { Catalog } from "@zephyr/personalize";
import {
  type ContentProvider,
  compile,
  type Diagnostic,
  type EscapeMode,
  type Limits,
  lint,
  type PlatformMode,
  type RenderOptions,
  type SnippetResolver,
  ZephyrError,
} from "@zephyr/zephyr";
import { classifyTokens, type TokenKind } from "@zephyr/zephyr/internal";
import { jsonReport } from "../commands/render.js";
import { CliError } from "../errors.js";
import { clockOptions } from "../inputs.js";
import { errorDiagnostics } from "../report.js";
import { ENDPOINT_CHOICES, type Endpoint } from "../setup.js";
import { HttpError } from "./http.js";

/** Server-wide settings: the folders it lists, the content for `personalize()`, and the default render options. */
export interface PlaygroundConfig {
  /** Folder of `*.zephyr` templates listed by `GET /api/templates` (none: an empty list). */
  templatesDir?: string;
  /** Folder of `*.json` profiles listed by `GET /api/profiles`. */
  profilesDir?: string;
  provider: ContentProvider;
  /** The catalog behind `provider` (the catalog or feed loaded at start), for the render workers. */
  catalog?: Catalog;
  /** The folder behind `snippets`, for the render workers. */
  snippetsDir?: string;
  /** Globals from the catalog/feed and `--data`; a request's `data` overrides them. */
  globals: Record<string, unknown>;
  snippets?: SnippetResolver;
  /** Engine limits from the `--max-*` flags (the engine's defaults otherwise). */
  limits?: Partial<Limits>;
  defaults: RenderDefaults;
}

export interface RenderDefaults {
  endpoint: Endpoint;
  strict: boolean;
  /** Platform functions (`--platform`; the playground's default is stub). */
  platform?: PlatformMode;
  /** Unset: json for the payload endpoints, none with endpoint `none` (as `zephyr render` does). */
  escape?: EscapeMode;
  now?: string;
  tz?: string;
  seed?: number;
  brand?: string;
}

const RENDER_FIELDS = new Set([
  "template",
  "name",
  "profile",
  "data",
  "endpoint",
  "now",
  "tz",
  "seed",
  "strict",
  "brand",
  "escape",
]);
const VALIDATE_FIELDS = new Set(["payload", "endpoint", "brand", "now"]);
const TOKENS_FIELDS = new Set(["template"]);

type Json = Record<string, unknown>;

function requestObject(body: unknown, fields: ReadonlySet<string>): Json {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new HttpError(400, "the request body must be a JSON object");
  for (const key of Object.keys(body))
    if (!fields.has(key))
      throw new HttpError(400, `unknown field ${JSON.stringify(key)}; the fields are: ${[...fields].join(", ")}`);
  return body as Json;
}

function optionalObject(body: Json, field: string): Json | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw new HttpError(400, `${field} must be a JSON object`);
  return v as Json;
}

function optionalString(body: Json, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new HttpError(400, `${field} must be a string`);
  return v;
}

function oneOf<T extends string>(body: Json, field: string, choices: readonly T[], fallback: T): T {
  const v = optionalString(body, field);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v))
    throw new HttpError(400, `${field} must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  return v as T;
}

/** `now`, `tz` and `seed` checked as the CLI checks its flags (the messages say which field is wrong). */
function clock(body: Json, defaults: RenderDefaults): Pick<RenderOptions, "now" | "tz" | "seed"> {
  const seed = body.seed;
  if (seed !== undefined && seed !== null && typeof seed !== "number" && typeof seed !== "string")
    throw new HttpError(400, "seed must be a whole number");
  try {
    return {
      now: defaults.now,
      tz: defaults.tz,
      seed: defaults.seed,
      ...clockOptions({
        now: optionalString(body, "now"),
        tz: optionalString(body, "tz"),
        seed: seed === undefined || seed === null ? undefined : String(seed),
      }),
    };
  } catch (e) {
    if (e instanceof CliError) throw new HttpError(400, e.message.replace(/^--/, ""));
    throw e;
  }
}

/** What `POST /api/render` answers: the `--format json` report (design.md §5) with the SMS facts, and lint findings. */
export interface RenderAnswer extends Json {
  ok: boolean;
  output: string | null;
  payload: unknown;
  diagnostics: Diagnostic[];
  /** Static findings (`zephyr lint`) for a template that compiled: unused or unassigned variables, ... */
  lint: Diagnostic[];
  elapsedMs: number;
}

/** `POST /api/render`. */
export async function renderRequest(config: PlaygroundConfig, body: unknown): Promise<RenderAnswer> {
  const req = requestObject(body, RENDER_FIELDS);
  if (typeof req.template !== "string") throw new HttpError(400, "template must be a string (the template source)");
  const source = req.template;
  const filename = optionalString(req, "name") ?? "playground.zephyr";
  const profile = optionalObject(req, "profile");
  const data = { ...config.globals, ...optionalObject(req, "data") };
  const { defaults } = config;
  const endpoint = oneOf(req, "endpoint", ENDPOINT_CHOICES, defaults.endpoint);
  const escapeMode = oneOf<EscapeMode>(
    req,
    "escape",
    ["json", "none"],
    defaults.escape ?? (endpoint === "none" ? "none" : "json"),
  );
  const strict = req.strict === undefined || req.strict === null ? defaults.strict : req.strict;
  if (typeof strict !== "boolean") throw new HttpError(400, "strict must be true or false");
  const brand = optionalString(req, "brand") ?? defaults.brand;
  const options: RenderOptions = { ...clock(req, defaults), provider: config.provider, escape: escapeMode, strict };
  if (config.snippets) options.snippets = config.snippets;
  if (config.limits) options.limits = config.limits;
  if (defaults.platform) options.platform = defaults.platform;

  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  let result: PayloadResult;
  try {
    const template = compile(source, { filename, limits: config.limits });
    result = await renderPayloadAsync(template, { profile, data }, { ...options, endpoint, brand: brand || undefined });
  } catch (e) {
    if (!(e instanceof ZephyrError)) throw e;
    return { ok: false, output: null, payload: null, diagnostics: errorDiagnostics(e), lint: [], elapsedMs: elapsed() };
  }
  const globals = [...Object.keys(data), ...Object.keys(profileVars(profile))];
  const findings = lint(source, { filename, globals });
  return { ...(jsonReport(result) as RenderAnswer), lint: findings, elapsedMs: elapsed() };
}

function profileVars(profile: Json | undefined): Json {
  const vars = profile?.vars;
  return vars !== null && typeof vars === "object" && !Array.isArray(vars) ? (vars as Json) : {};
}

/** `POST /api/validate`: a payload (JSON text or value) checked as `zephyr validate` does, with the SMS facts. */
export function validateRequest(config: PlaygroundConfig, body: unknown): Json {
  const req = requestObject(body, VALIDATE_FIELDS);
  if (req.payload === undefined) throw new HttpError(400, "payload is required: the payload as JSON text or a value");
  const fallback: EndpointName = config.defaults.endpoint === "none" ? "text-send" : config.defaults.endpoint;
  const endpoint = oneOf<EndpointName>(req, "endpoint", ENDPOINT_NAMES, fallback);
  const brand = optionalString(req, "brand") ?? config.defaults.brand;
  const diagnostics = validatePayload(req.payload, endpoint, { now: clock(req, config.defaults).now });
  let value: unknown = req.payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      value = undefined;
    }
  }
  const answer: Json = {
    ok: !diagnostics.some((d) => d.severity === "error"),
    payload: value ?? null,
    diagnostics,
  };
  const text = value !== null && typeof value === "object" ? (value as Json).body : undefined;
  if (ENDPOINTS[endpoint].sms && typeof text === "string") {
    const { encoding, units, segments, characters, ucs2Characters } = smsFacts(text, { brand: brand || undefined });
    answer.sms = { encoding, units, segments, characters, ucs2Characters };
  }
  return answer;
}

/** One token of `POST /api/tokens`: `[start, end, kind, inTag]`, offsets in UTF-16 units, `inTag` 1 inside a tag. */
export type TokenTuple = [number, number, TokenKind, 0 | 1];

/**
 * `POST /api/tokens`: `{ "template": source }` → `{ "tokens": [[start, end, kind, inTag], …] }`, every character of
 * the source in one token, classified by the engine's own lexer (the playground highlights from it). Linear in the
 * source, whose size the request body limit bounds.
 */
export function tokensRequest(body: unknown): { tokens: TokenTuple[] } {
  const req = requestObject(body, TOKENS_FIELDS);
  if (typeof req.template !== "string") throw new HttpError(400, "template must be a string (the template source)");
  return { tokens: classifyTokens(req.template).map((t) => [t.start, t.end, t.kind, t.inTag ? 1 : 0]) };
}

/** One listed file: its name in the folder and its text. */
export interface ListedFile {
  name: string;
  content: string;
  /** For a template: the endpoint its case file (`<name>.cases.json` beside it) names at the top level. */
  endpoint?: EndpointName | "none";
}

/** The templates of `dir`, each with the endpoint its case file names (the page opens it with that endpoint). */
export async function listTemplates(dir: string | undefined): Promise<ListedFile[]> {
  const templates = await listFiles(dir, ".zephyr");
  for (const template of templates) {
    const endpoint = await caseFileEndpoint(join(dir!, template.name.replace(/\.zephyr$/, ".cases.json")));
    if (endpoint) template.endpoint = endpoint;
  }
  return templates;
}

async function caseFileEndpoint(file: string): Promise<EndpointName | "none" | undefined> {
  const buf = await readFile(file).catch(() => undefined);
  if (!buf || buf.length > MAX_LISTED_BYTES) return undefined;
  try {
    const endpoint: unknown = JSON.parse(buf.toString("utf8")).endpoint;
    return endpoint === "none" || isEndpointName(endpoint) ? endpoint : undefined;
  } catch {
    return undefined;
  }
}

const MAX_LISTED_FILES = 500;
const MAX_LISTED_BYTES = 1024 * 1024;

/**
 * The regular files of `dir` (not its subfolders, not symbolic links) whose names end with `ext`, sorted by name.
 * Names come from the folder listing, never from a request, so nothing outside the folder can be read.
 */
export async function listFiles(dir: string | undefined, ext: string): Promise<ListedFile[]> {
  if (!dir) return [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const names = entries
    .filter((d) => d.isFile() && d.name.endsWith(ext) && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort()
    .slice(0, MAX_LISTED_FILES);
  const files: ListedFile[] = [];
  for (const name of names) {
    const buf = await readFile(join(dir, name)).catch(() => undefined);
    if (!buf || buf.length > MAX_LISTED_BYTES) continue;
    const content = buf.toString("utf8");
    files.push({ name, content: content.charCodeAt(0) === 0xfeff ? content.slice(1) : content });
  }
  return files;
}
