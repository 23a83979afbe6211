/**
 * The JSON Schema files of the endpoints (structure and types), and ajv's errors turned into findings a marketer
 * can act on. The validators are compiled ahead of time (`scripts/gen-validators.mjs` writes `src/generated/`), so
 * nothing here compiles a schema or generates code at run time. The generated modules also carry the schemas, so
 * no file is read at run time either (which keeps the package working inside a bundle).
 */
import type { ErrorObject, SchemaObject, ValidateFunction } from "ajv";
import { childPointer, describeValue, type Finding, fieldName } from "./finding.js";
import * as addToCart from "./generated/add-to-cart.validate.js";
import * as customAttributes from "./generated/custom-attributes.validate.js";
import * as customEvents from "./generated/custom-events.validate.js";
import * as productView from "./generated/product-view.validate.js";
import * as purchase from "./generated/purchase.validate.js";
import * as subscriptions from "./generated/subscriptions.validate.js";
import * as textSend from "./generated/text-send.validate.js";

/** Each schema file of this package's `schemas/` folder, and its generated validator (`allErrors`, `verbose`). */
const SCHEMAS: Readonly<Record<string, { schema: SchemaObject; validate: ValidateFunction }>> = {
  "text-send.schema.json": textSend,
  "subscriptions.schema.json": subscriptions,
  "custom-events.schema.json": customEvents,
  "custom-attributes.schema.json": customAttributes,
  "product-view.schema.json": productView,
  "add-to-cart.schema.json": addToCart,
  "purchase.schema.json": purchase,
};

function generated(file: string): { schema: SchemaObject; validate: ValidateFunction } {
  const found = SCHEMAS[file];
  if (!found) throw new Error(`no generated validator for ${file}: add it to scripts/gen-validators.mjs`);
  return found;
}

/** A schema file of this package's `schemas/` folder, as an object (the same for every call). */
export function loadSchema(file: string): SchemaObject {
  return generated(file).schema;
}

/** Validates `value` against a schema file: one finding per ajv error, and at most one per path. */
export function schemaFindings(value: unknown, file: string): Finding[] {
  const { validate } = generated(file);
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
    case "additionalProperties": {
      // Reported at the field itself (where the unknown-field rule reports it too, with a did-you-mean).
      const extra: string = error.params.additionalProperty;
      return {
        ...finding(`Attentive does not allow the field "${extra}" in ${field}.`, `Remove "${extra}".`),
        path: childPointer(path, extra),
        onKey: true,
      };
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
