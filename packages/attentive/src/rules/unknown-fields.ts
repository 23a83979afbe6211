/** Both endpoints: fields the schema does not know, with a did-you-mean suggestion (`mediaURL` → `mediaUrl`). */
import { closest } from "@zephyr/zephyr";
import type { SchemaObject } from "ajv";
import { childPointer, type Finding, fieldName, isObject, type Rule } from "../finding.js";

/**
 * A rule that reports every property the schema does not list, at any depth the schema describes.
 * `handledElsewhere`: pointers another rule reports better (e.g. a field in the wrong place).
 */
export function unknownFields(schema: () => SchemaObject, handledElsewhere: readonly string[] = []): Rule {
  return (payload) => walk(schema(), payload, "", handledElsewhere);
}

function walk(schema: SchemaObject, value: unknown, path: string, skip: readonly string[]): Finding[] {
  if (Array.isArray(value) && schema.items) {
    return value.flatMap((item, i) => walk(schema.items, item, childPointer(path, i), skip));
  }
  if (!isObject(value) || !schema.properties) return [];
  const known = Object.keys(schema.properties);
  return Object.keys(value).flatMap((key) => {
    const pointer = childPointer(path, key);
    if (Object.hasOwn(schema.properties, key)) return walk(schema.properties[key], value[key], pointer, skip);
    return skip.includes(pointer) ? [] : [unknownField(key, pointer, known)];
  });
}

function unknownField(key: string, pointer: string, known: string[]): Finding {
  const meant = closest(key, known);
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
