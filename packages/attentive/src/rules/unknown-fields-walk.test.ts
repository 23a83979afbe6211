/**
 * The unknown-fields walk reads each schema node once (a Map of its fields) and builds pointers lazily; this checks
 * it against the plain walk it replaced (every node resolved and every pointer built), on payloads made of each
 * schema's own field names, misspelt ones and `__proto__`, nested in objects and lists, for every endpoint.
 */
import type { SchemaObject } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENDPOINT_NAMES, ENDPOINTS } from "../endpoints.js";
import { childPointer, isObject } from "../finding.js";
import { loadSchema } from "../schema.js";
import { unknownFields } from "./unknown-fields.js";

/** The walk as it was: which pointers are reported, and whether as closed-object errors. */
function reference(root: SchemaObject, payload: unknown, handledElsewhere: readonly string[]): [string, boolean][] {
  const found: [string, boolean][] = [];
  const stack: [SchemaObject, unknown, string][] = [[root, payload, ""]];
  while (stack.length > 0) {
    const [node, value, path] = stack.pop()!;
    const ref = typeof node === "object" && node !== null ? node.$ref : undefined;
    const here: SchemaObject =
      typeof ref === "string" ? root.definitions[/^#\/definitions\/([^/]+)$/.exec(ref)![1]] : node;
    const children: [SchemaObject, unknown, string][] = [];
    if (Array.isArray(value)) {
      if (here?.items)
        for (let i = 0; i < value.length; i++) children.push([here.items, value[i], childPointer(path, i)]);
    } else if (
      isObject(value) &&
      here?.properties &&
      !(here.additionalProperties !== undefined && here.additionalProperties !== false)
    ) {
      for (const key of Object.keys(value)) {
        const pointer = childPointer(path, key);
        if (Object.hasOwn(here.properties, key)) {
          const child = value[key];
          if (typeof child === "object" && child !== null) children.push([here.properties[key], child, pointer]);
        } else if (!handledElsewhere.includes(pointer)) {
          found.push([pointer, here.additionalProperties === false]);
        }
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return found;
}

function fieldNames(schema: SchemaObject): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const properties = (node as SchemaObject).properties;
    if (properties && typeof properties === "object") for (const key of Object.keys(properties)) names.add(key);
    for (const child of Object.values(node)) visit(child);
  };
  visit(schema);
  return [...names];
}

const HANDLED: Record<string, string[]> = {
  subscriptions: ["/user/externalIdentifiers"],
  "custom-events": ["/externalIdentifiers"],
  "custom-attributes": ["/externalIdentifiers"],
  "product-view": ["/externalIdentifiers"],
  "add-to-cart": ["/externalIdentifiers"],
  purchase: ["/externalIdentifiers"],
};

describe("unknownFields: the schema-node walk agrees with the plain walk (fast-check)", () => {
  for (const endpoint of ENDPOINT_NAMES) {
    it(endpoint, () => {
      const file = ENDPOINTS[endpoint].schemaFile;
      const schema = loadSchema(file);
      const handled = HANDLED[endpoint] ?? [];
      const rule = unknownFields(() => schema, handled);
      const names = fieldNames(schema);
      const key = fc.oneof(
        fc.constantFrom(...names),
        fc.constantFrom(...names).map((n) => `${n}x`),
        fc.constantFrom("__proto__", "a/b", "~", ""),
      );
      const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null));
      const { value } = fc.letrec<{ value: unknown }>((tie) => ({
        value: fc.oneof(
          { depthSize: "small", withCrossShrink: true },
          leaf,
          fc.array(tie("value"), { maxLength: 3 }),
          fc
            .array(fc.tuple(key, tie("value")), { maxLength: 5 })
            .map((entries) => Object.fromEntries(entries) as unknown),
        ),
      }));
      const payload = fc
        .array(fc.tuple(key, value), { maxLength: 8 })
        .map((entries) => Object.fromEntries(entries) as Record<string, unknown>);
      fc.assert(
        fc.property(payload, (p) => {
          const got = rule(p, { now: 0 }).map((f): [string, boolean] => [f.path!, f.code === "AT_FIELD_NOT_ALLOWED"]);
          expect(got).toEqual(reference(schema, p, handled));
        }),
        { numRuns: 300 },
      );
    });
  }
});
