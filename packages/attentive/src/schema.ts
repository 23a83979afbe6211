/**
 * The JSON Schema files of the endpoints (structure and types), compiled once each with ajv on first use,
 * and ajv's errors turned into findings a marketer can act on.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from "ajv";
import { childPointer, describeValue, type Finding, fieldName } from "./finding.js";

const schemas = new Map<string, SchemaObject>();
const validators = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/** A schema file of this package's `schemas/` folder, parsed once. */
export function loadSchema(file: string): SchemaObject {
  let schema = schemas.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), "utf8")) as SchemaObject;
    schemas.set(file, schema);
  }
  return schema;
}

/** Validates `value` against a schema file: one finding per ajv error, and at most one per path. */
export function schemaFindings(value: unknown, file: string): Finding[] {
  let validate = validators.get(file);
  if (!validate) {
    ajv ??= new Ajv({ allErrors: true, verbose: true });
    validate = ajv.compile(loadSchema(file));
    validators.set(file, validate);
  }
  if (validate(value)) return [];
  const findings = new Map<string | undefined, Finding>();
  for (const error of validate.errors ?? []) {
    const finding = findingFromAjvError(error);
    if (!findings.has(finding.path)) findings.set(finding.path, finding);
  }
  return [...findings.values()];
}

const TYPE_WORDS: Record<string, string> = {
  string: "text in double quotes",
  integer: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
};

/** One ajv error as a finding: code `AT_SCHEMA_<KEYWORD>`, the JSON pointer of the value, plain words. */
export function findingFromAjvError(error: ErrorObject): Finding {
  const code = `AT_SCHEMA_${error.keyword.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`;
  const path = error.instancePath;
  const field = `"${fieldName(path)}"`;
  const finding = (message: string, hint?: string): Finding =>
    hint ? { severity: "error", code, path, message, hint } : { severity: "error", code, path, message };
  switch (error.keyword) {
    case "required": {
      const missing: string = error.params.missingProperty;
      const title: string | undefined = error.parentSchema?.properties?.[missing]?.title;
      const owner = path === "" ? "The payload" : field;
      return {
        ...finding(`${owner} has no "${missing}"${title ? ` (${title})` : ""}. Add it.`),
        path: childPointer(path, missing),
      };
    }
    case "type": {
      const expected = String(error.params.type).split(",");
      const words = expected.map((t) => TYPE_WORDS[t] ?? t).join(" or ");
      return finding(
        `${field} must be ${words}, but it is ${describeValue(error.data)}.`,
        typeHint(expected, error.data),
      );
    }
    case "minLength":
      // The schemas use minLength only as "not empty".
      return finding(`${field} is empty. Give it a value or remove it.`);
    default:
      return finding(`${field} ${error.message ?? "is not valid"}.`);
  }
}

function typeHint(expected: string[], data: unknown): string | undefined {
  if (typeof data === "string") {
    const literal = data.trim();
    if (expected.includes("boolean") && (literal === "true" || literal === "false"))
      return `Write ${literal} without quotes.`;
    if (expected.includes("integer") && /^-?\d+$/.test(literal)) return `Write ${literal} without quotes.`;
  }
  if (expected.includes("string") && (typeof data === "number" || typeof data === "boolean")) {
    return `Put the value in double quotes: "${data}".`;
  }
  return undefined;
}
