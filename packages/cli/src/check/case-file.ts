/**
 * Case files (`*.cases.json`): reading, checking the shape, and the positions of everything in them,
 * so a problem is reported as `file:line:col` (exit 64) before any case runs.
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ENDPOINT_NAMES } from "@zephyr/attentive";
import type { JsonLocation } from "@zephyr/attentive/internal";
import { escapePointer, type JsonDocument, parseJsonDocument } from "@zephyr/project";
import { outsideProject } from "./project.js";

export const CASE_FILE_SUFFIX = ".cases.json";
export const TEMPLATE_SUFFIX = ".zephyr";

/** Input keys, allowed in `defaults` and in each case (a case's value replaces the default; nothing is merged). */
export const INPUT_KEYS = [
  "profile",
  "data",
  "catalog",
  "snippets",
  "endpoint",
  "now",
  "tz",
  "seed",
  "strict",
  "escape",
  "brand",
  "platform",
] as const;
export type InputKey = (typeof INPUT_KEYS)[number];

/** Expectation keys; each one stated is compared, the others are not (but see the implicit checks in expect.ts). */
export const EXPECTATION_KEYS = ["payload", "output", "diagnostics", "ok", "cancelled", "error", "sms"] as const;
export type ExpectationKey = (typeof EXPECTATION_KEYS)[number];

const CASE_KEYS = new Set<string>(["name", "skip", ...INPUT_KEYS, ...EXPECTATION_KEYS]);
const FILE_KEYS = new Set<string>(["$schema", "description", "template", "endpoint", "defaults", "cases"]);
const SMS_KEYS = new Set(["encoding", "units", "segments", "characters", "ucs2Characters"]);
/** The endpoints a case file may name: every Attentive endpoint, and `none`. */
export const ENDPOINTS = [...ENDPOINT_NAMES, "none"] as const;

/** Where an input value came from: paths in it are relative to `baseDir`; `where` names it in messages. */
export interface InputValue {
  value: unknown;
  baseDir: string;
  where: string;
  /** For a value from a case file: the project its files must stay in (snippets are checked when included). */
  confine?: string;
}

export type Inputs = Partial<Record<InputKey, InputValue>>;

export type DiagnosticExpectation = string | { code: string; path?: string; line?: number };
export type ErrorExpectation = string | { code: string; message?: string; line?: number };

export interface Expectations {
  payload?: unknown;
  output?: string;
  diagnostics?: DiagnosticExpectation[];
  ok?: boolean;
  cancelled?: boolean | string;
  error?: ErrorExpectation;
  sms?: Record<string, unknown>;
}

export interface CaseSpec {
  name: string;
  /** Position of the case in `cases`. */
  index: number;
  line: number;
  inputs: Inputs;
  expect: Expectations;
  /** The expectation keys the case states (a JSON value can be `null`, so presence is tracked apart). */
  stated: Set<ExpectationKey>;
  /** `true` or the reason, when the case is skipped. */
  skip?: string | true;
}

export interface CaseFile {
  /** As shown to people: relative to the working directory. */
  path: string;
  absPath: string;
  /** The project its paths must stay in (project.ts); undefined: not confined. */
  root?: string;
  /** The template, absolute and as shown. */
  templatePath: string;
  templateDisplay: string;
  /** `where` of the `template` key, or of the file when it is implied. */
  templateWhere: string;
  defaults: Inputs;
  cases: CaseSpec[];
  /** The parsed document (for --update), its text, and where each value is in it. */
  doc: Record<string, unknown>;
  text: string;
  locations: Map<string, JsonLocation>;
}

/** Shows a path relative to the working directory (or absolute when that is shorter). */
export function display(abs: string, cwd = process.cwd()): string {
  const rel = relative(cwd, abs);
  return rel === "" ? "." : rel.startsWith("..") && rel.length > abs.length ? abs : rel;
}

/** The template a case file checks by default: `foo.cases.json` → `foo.zephyr`, in the same directory. */
export function defaultTemplateFor(caseFile: string): string {
  return join(dirname(caseFile), `${basename(caseFile).slice(0, -CASE_FILE_SUFFIX.length)}${TEMPLATE_SUFFIX}`);
}

/** The case file beside a template: `foo.zephyr` (or `foo.anything`) → `foo.cases.json`. */
export function caseFileFor(template: string): string {
  const base = basename(template);
  const dot = base.lastIndexOf(".");
  return join(dirname(template), `${dot > 0 ? base.slice(0, dot) : base}${CASE_FILE_SUFFIX}`);
}

/**
 * Reads and checks one case file. Problems are pushed to `problems` as `file:line:col: message`;
 * the result is undefined when the file cannot be used at all.
 */
export function readCaseFile(
  absPath: string,
  text: string,
  problems: string[],
  project?: string,
): CaseFile | undefined {
  const path = display(absPath);
  const parsed = parseJsonDocument(text, path);
  if (!parsed.ok) {
    problems.push(`${parsed.where}: invalid case file: ${parsed.message}`);
    return undefined;
  }
  const doc = parsed.doc;
  const before = problems.length;
  const fail = (pointer: string, message: string, at: "key" | "value" = "value") =>
    problems.push(`${doc.where(pointer, at)}: ${message}`);
  for (const d of doc.duplicates) problems.push(`${d.where}: duplicate key ${JSON.stringify(d.key)}`);

  const root = doc.value;
  if (!isObject(root)) {
    fail("", 'a case file must hold a JSON object: { "cases": [ ... ] }');
    return undefined;
  }
  for (const key of Object.keys(root))
    if (!FILE_KEYS.has(key))
      fail(
        `/${escapePointer(key)}`,
        `unknown key ${JSON.stringify(key)} (a case file has ${[...FILE_KEYS].map((k) => `"${k}"`).join(", ")})`,
        "key",
      );

  const dir = dirname(absPath);
  let templatePath = defaultTemplateFor(absPath);
  let templateWhere = `${path}`;
  let templateOk = true;
  if ("template" in root) {
    templateWhere = doc.where("/template");
    if (typeof root.template !== "string" || root.template === "") {
      fail("/template", '"template" must be a file name (relative to the case file)');
      templateOk = false;
    } else templatePath = resolve(dir, root.template);
  }
  const templateOutside =
    project === undefined || !templateOk ? undefined : outsideProject(project, dir, relative(dir, templatePath));
  if (templateOutside) {
    problems.push(`${templateWhere}: "template" ${templateOutside}`);
    templateOk = false;
  }
  if (templateOk && (!existsSync(templatePath) || !statSync(templatePath).isFile()))
    problems.push(
      `${templateWhere}: template ${display(templatePath)} not found${
        "template" in root ? "" : ` (a case file checks the template of the same name; set "template" to name another)`
      }`,
    );

  const defaults: Inputs = {};
  const at: Place = { dir, doc, project };
  if ("endpoint" in root) readInput("endpoint", root.endpoint, "/endpoint", at, fail, defaults);
  if ("defaults" in root) {
    if (!isObject(root.defaults)) fail("/defaults", '"defaults" must be an object of inputs');
    else
      for (const [key, value] of Object.entries(root.defaults)) {
        const pointer = `/defaults/${escapePointer(key)}`;
        if (!(INPUT_KEYS as readonly string[]).includes(key)) {
          fail(pointer, `unknown input ${JSON.stringify(key)} in "defaults" (inputs: ${INPUT_KEYS.join(", ")})`, "key");
          continue;
        }
        if (key === "endpoint" && "endpoint" in root) {
          fail(pointer, 'the endpoint is given twice: at the top and in "defaults"', "key");
          continue;
        }
        readInput(key as InputKey, value, pointer, at, fail, defaults);
      }
  }

  const cases: CaseSpec[] = [];
  if (!("cases" in root)) fail("", 'a case file needs a "cases" list');
  else if (!Array.isArray(root.cases)) fail("/cases", '"cases" must be a list of cases');
  else {
    const names = new Map<string, string>();
    root.cases.forEach((raw, index) => {
      const spec = readCase(raw, index, at, fail);
      if (!spec) return;
      const seen = names.get(spec.name);
      if (seen !== undefined)
        fail(`/cases/${index}/name`, `two cases are named ${JSON.stringify(spec.name)} (the other is at ${seen})`);
      else names.set(spec.name, doc.where(`/cases/${index}`));
      cases.push(spec);
    });
    if (root.cases.length === 0) fail("/cases", 'no cases: add at least one { "name": ... }');
  }
  if (problems.length > before) return undefined;
  return {
    path,
    absPath,
    root: project,
    templatePath,
    templateDisplay: display(templatePath),
    templateWhere,
    defaults,
    cases,
    doc: root,
    text,
    locations: doc.locations,
  };
}

type Fail = (pointer: string, message: string, at?: "key" | "value") => void;

/** The case file being read: its folder, its document, and the project its paths must stay in. */
interface Place {
  dir: string;
  doc: JsonDocument;
  project: string | undefined;
}

function readCase(raw: unknown, index: number, place: Place, fail: Fail): CaseSpec | undefined {
  const { doc } = place;
  const at = `/cases/${index}`;
  if (!isObject(raw)) {
    fail(at, 'a case must be an object: { "name": ..., inputs..., expectations... }');
    return undefined;
  }
  let ok = true;
  const bad: Fail = (pointer, message, where) => {
    ok = false;
    fail(pointer, message, where);
  };
  const label = typeof raw.name === "string" ? `case ${JSON.stringify(raw.name)}` : `case ${index + 1}`;
  if (typeof raw.name !== "string" || raw.name.trim() === "")
    bad("name" in raw ? `${at}/name` : at, `${label}: every case needs a "name" (a non-empty string)`);
  const inputs: Inputs = {};
  const expect: Expectations = {};
  const stated = new Set<ExpectationKey>();
  let skip: string | true | undefined;
  for (const [key, value] of Object.entries(raw)) {
    const pointer = `${at}/${escapePointer(key)}`;
    if (!CASE_KEYS.has(key)) {
      bad(
        pointer,
        `${label}: unknown key ${JSON.stringify(key)} (inputs: ${INPUT_KEYS.join(", ")}; expectations: ${EXPECTATION_KEYS.join(", ")}; also name, skip)`,
        "key",
      );
      continue;
    }
    if (key === "name") continue;
    if (key === "skip") {
      if (value === true || (typeof value === "string" && value !== "")) skip = value;
      else if (value !== false) bad(pointer, `${label}: "skip" must be true, false or the reason (a string)`);
      continue;
    }
    if ((INPUT_KEYS as readonly string[]).includes(key)) {
      if (!readInput(key as InputKey, value, pointer, place, bad, inputs, label)) ok = false;
      continue;
    }
    const problem = checkExpectation(key as ExpectationKey, value);
    if (problem) bad(pointer, `${label}: ${problem}`);
    else {
      stated.add(key as ExpectationKey);
      (expect as Record<string, unknown>)[key] = value;
    }
  }
  if (!ok) return undefined;
  return { name: raw.name as string, index, line: doc.line(at), inputs, expect, stated, skip };
}

/** Checks one input's type; stores it with its base directory. Returns false on a problem. */
function readInput(
  key: InputKey,
  value: unknown,
  pointer: string,
  { dir, doc, project }: Place,
  fail: Fail,
  into: Inputs,
  label = "defaults",
): boolean {
  const problem = checkInput(key, value);
  if (problem) {
    fail(pointer, `${label}: ${problem}`);
    return false;
  }
  if (project !== undefined && PATH_KEYS.has(key) && typeof value === "string") {
    const outside = outsideProject(project, dir, value);
    if (outside) {
      fail(pointer, `${label}: "${key}" ${outside}`);
      return false;
    }
  }
  into[key] = {
    value,
    baseDir: dir,
    where: doc.where(pointer),
    ...(project === undefined ? {} : { confine: project }),
  };
  return true;
}

/** Inputs whose string value is a path (profile and data may also be objects). */
const PATH_KEYS = new Set<InputKey>(["profile", "data", "catalog", "snippets"]);

function checkInput(key: InputKey, v: unknown): string | undefined {
  switch (key) {
    case "profile":
    case "data":
      return (typeof v === "string" && v !== "") || isObject(v)
        ? undefined
        : `"${key}" must be an object or a JSON file name (relative to the case file)`;
    case "catalog":
    case "snippets":
      return typeof v === "string" && v !== ""
        ? undefined
        : `"${key}" must be a ${key === "catalog" ? "JSON file" : "directory"} name (relative to the case file)`;
    case "endpoint":
      return (ENDPOINTS as readonly unknown[]).includes(v)
        ? undefined
        : `"endpoint" must be one of ${ENDPOINTS.map((e) => `"${e}"`).join(", ")}`;
    case "escape":
      return v === "json" || v === "none" ? undefined : '"escape" must be "json" or "none"';
    case "strict":
      return typeof v === "boolean" ? undefined : '"strict" must be true or false';
    case "platform":
      return v === "stub" || v === "error" ? undefined : '"platform" must be "stub" or "error"';
    case "seed":
      return (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) || (typeof v === "string" && /^\d+$/.test(v))
        ? undefined
        : '"seed" must be a whole number';
    case "now":
      return typeof v === "string" && Number.isFinite(Date.parse(v))
        ? undefined
        : '"now" must be an ISO 8601 date-time such as "2024-03-15T12:00:00Z"';
    case "tz":
      if (typeof v !== "string") return '"tz" must be an IANA time zone such as "America/New_York"';
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: v });
        return undefined;
      } catch {
        return `"tz" must be an IANA time zone such as "America/New_York"; got ${JSON.stringify(v)}`;
      }
    case "brand":
      return typeof v === "string" ? undefined : '"brand" must be a string (the brand name Attentive adds)';
  }
}

function checkExpectation(key: ExpectationKey, v: unknown): string | undefined {
  switch (key) {
    case "payload":
      return undefined;
    case "output":
      return typeof v === "string" ? undefined : '"output" must be a string (the exact rendered text)';
    case "ok":
      return typeof v === "boolean" ? undefined : '"ok" must be true or false';
    case "cancelled":
      return typeof v === "boolean" || typeof v === "string"
        ? undefined
        : '"cancelled" must be true, false, or the expected cancel message';
    case "diagnostics": {
      const shape = '"diagnostics" must be a list of codes ("AT_TO_NOT_E164") or of { "code", "path"?, "line"? }';
      if (!Array.isArray(v)) return shape;
      for (const d of v) {
        if (typeof d === "string" && d !== "") continue;
        if (!isObject(d) || typeof d.code !== "string") return shape;
        for (const [k, x] of Object.entries(d)) {
          if (k === "code") continue;
          if (k === "path" && typeof x === "string") continue;
          if (k === "line" && Number.isInteger(x)) continue;
          return `${shape}; ${JSON.stringify(k)} is not one of them (or has the wrong type)`;
        }
      }
      return undefined;
    }
    case "error": {
      const shape = '"error" must be a template error code ("ZE_UNDEFINED") or { "code", "message"?, "line"? }';
      if (typeof v === "string") return v === "" ? shape : undefined;
      if (!isObject(v) || typeof v.code !== "string") return shape;
      for (const [k, x] of Object.entries(v)) {
        if (k === "code") continue;
        if (k === "message" && typeof x === "string") continue;
        if (k === "line" && Number.isInteger(x)) continue;
        return `${shape}; ${JSON.stringify(k)} is not one of them (or has the wrong type)`;
      }
      return undefined;
    }
    case "sms": {
      if (!isObject(v)) return '"sms" must be an object such as { "segments": 1, "encoding": "GSM-7" }';
      for (const k of Object.keys(v))
        if (!SMS_KEYS.has(k))
          return `"sms" has an unknown key ${JSON.stringify(k)} (keys: ${[...SMS_KEYS].join(", ")})`;
      return undefined;
    }
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
