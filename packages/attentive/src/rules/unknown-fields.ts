/** Both endpoints: fields the schema does not know, with a did-you-mean suggestion (`mediaURL` → `mediaUrl`). */
import { closest } from "@zephyr/zephyr/internal";
import type { SchemaObject } from "ajv";
import { childPointer, type Finding, fieldName, isObject, type Rule } from "../finding.js";

/**
 * A rule that reports every property the schema does not list, at any depth the schema describes.
 * `handledElsewhere`: pointers another rule reports better (e.g. a field in the wrong place).
 */
export function unknownFields(schema: () => SchemaObject, handledElsewhere: readonly string[] = []): Rule {
  return (payload) => {
    const findings: Finding[] = [];
    walk(schema(), payload, "", handledElsewhere, findings);
    return findings;
  };
}

/** Adds the unknown fields of `value` (at `path`, described by `schema`) to `findings`, in document order. */
function walk(schema: SchemaObject, value: unknown, path: string, skip: readonly string[], findings: Finding[]): void {
  if (Array.isArray(value)) {
    if (schema.items)
      for (let i = 0; i < value.length; i++) walk(schema.items, value[i], childPointer(path, i), skip, findings);
    return;
  }
  if (!isObject(value) || !schema.properties) return;
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(schema.properties, key)) {
      const child = value[key];
      // Only objects and lists can hold more fields.
      if (typeof child === "object" && child !== null) {
        walk(schema.properties[key], child, childPointer(path, key), skip, findings);
      }
    } else {
      const pointer = childPointer(path, key);
      if (!skip.includes(pointer)) findings.push(unknownField(key, pointer, schema.properties));
    }
  }
}

/**
 * The fields a schema object knows, and the did-you-mean answer for each unknown key met so far (a template with a
 * misspelt field meets the same key on every render). At most 1000 keys are remembered per object.
 */
const suggestions = new WeakMap<object, { known: string[]; meant: Map<string, string | undefined> }>();

function unknownField(key: string, pointer: string, properties: object): Finding {
  let cached = suggestions.get(properties);
  if (!cached) suggestions.set(properties, (cached = { known: Object.keys(properties), meant: new Map() }));
  const { known } = cached;
  let meant = cached.meant.get(key);
  if (meant === undefined && !cached.meant.has(key)) {
    if (cached.meant.size >= 1000) cached.meant.clear();
    meant = closest(key, known);
    cached.meant.set(key, meant);
  }
  const where = pointer.lastIndexOf("/") === 0 ? "" : ` in "${fieldName(pointer.slice(0, pointer.lastIndexOf("/")))}"`;
  return {
    severity: "warning",
    code: "AT_UNKNOWN_FIELD",
    path: pointer,
    message: `Attentive does not know the field "${key}"${where}, so it will be ignored.${meant ? ` Did you mean "${meant}"?` : ""}`,
    hint: meant ? `Rename "${key}" to "${meant}".` : `The fields Attentive knows here: ${known.join(", ")}.`,
    onKey: true,
  };
}
