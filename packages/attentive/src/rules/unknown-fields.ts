/** Every endpoint: fields the schema does not know, with a did-you-mean suggestion (`mediaURL` → `mediaUrl`). */
import { closest } from "@zephyr/zephyr/internal";
import type { SchemaObject } from "ajv";
import { childPointer, FINDINGS_PER_CODE, type Finding, fieldName, isObject, quote, type Rule } from "../finding.js";

/**
 * A rule that reports every property the schema does not list, at any depth the schema describes (following local
 * `$ref`s). An object whose schema allows more properties (`additionalProperties` true or a schema) is not checked;
 * one whose schema forbids them (`additionalProperties: false`, as Attentive's `user` on the event APIs) makes an
 * unknown field an error, `AT_FIELD_NOT_ALLOWED`. `handledElsewhere`: pointers another rule reports better (e.g. a
 * field in the wrong place).
 */
export function unknownFields(schema: () => SchemaObject, handledElsewhere: readonly string[] = []): Rule {
  return (payload) => {
    let findings: Finding[] | undefined;
    const root = schema();
    // Depth first, in document order, without recursion: the payload may nest deeper than the stack allows. A
    // pointer is built only for a field reported or a container descended into (the usual payload is flat and known).
    const stack: [SchemaObject, unknown, string][] = [[root, payload, ""]];
    while (stack.length > 0) {
      const [node, value, path] = stack.pop()!;
      const here = shapeOf(root, node);
      let children: [SchemaObject, unknown, string][] | undefined;
      if (Array.isArray(value)) {
        const items = here.items;
        if (items) {
          children = [];
          for (let i = 0; i < value.length; i++) children.push([items, value[i], childPointer(path, i)]);
        }
      } else if (here.known && isObject(value)) {
        const known = here.known;
        for (const key of Object.keys(value)) {
          const child = known.get(key);
          if (child !== undefined) {
            // Only objects and lists can hold more fields.
            const v = value[key];
            if (typeof v === "object" && v !== null) (children ??= []).push([child, v, childPointer(path, key)]);
            continue;
          }
          const pointer = childPointer(path, key);
          if (handledElsewhere.includes(pointer)) continue;
          // Past the first few the findings are only counted (capFindings): no did-you-mean for them.
          findings ??= [];
          findings.push(unknownField(key, pointer, here.properties!, here.closed, findings.length));
        }
      }
      if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    return findings ?? [];
  };
}

/** What the walk needs of a schema node, read once per node (schema objects are large and slow to query). */
interface Shape {
  /** The listed fields and their schemas, when unlisted fields are to be reported (the object is not open). */
  known: Map<string, SchemaObject> | undefined;
  properties: object | undefined;
  closed: boolean;
  items: SchemaObject | undefined;
}

const shapes = new WeakMap<SchemaObject, Shape>();

const NO_SHAPE: Shape = { known: undefined, properties: undefined, closed: false, items: undefined };

function shapeOf(root: SchemaObject, node: SchemaObject): Shape {
  // A boolean schema (`true`) lists nothing.
  if (typeof node !== "object" || node === null) return NO_SHAPE;
  let shape = shapes.get(node);
  if (shape) return shape;
  const here = resolve(root, node);
  const properties: object | undefined = here.properties;
  shape = {
    known: properties && !isOpen(here) ? new Map(Object.entries(properties)) : undefined,
    properties,
    closed: here.additionalProperties === false,
    items: here.items,
  };
  shapes.set(node, shape);
  return shape;
}

/** A schema with its local `$ref` (`#/definitions/Name`) followed. */
function resolve(root: SchemaObject, schema: SchemaObject): SchemaObject {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const match = /^#\/definitions\/([^/]+)$/.exec(ref);
  const target = match ? root.definitions?.[match[1]] : undefined;
  if (!target) throw new Error(`unknownFields: cannot follow $ref ${ref}`);
  return target;
}

/** The schema lets an object have fields it does not list. */
function isOpen(schema: SchemaObject): boolean {
  return schema.additionalProperties !== undefined && schema.additionalProperties !== false;
}

/**
 * The fields a schema object knows, and the did-you-mean answer for each unknown key met so far (a template with a
 * misspelt field meets the same key on every render). At most 1000 keys are remembered per object.
 */
const suggestions = new WeakMap<object, { known: string[]; meant: Map<string, string | undefined> }>();

function unknownField(key: string, pointer: string, properties: object, closed: boolean, before: number): Finding {
  let cached = suggestions.get(properties);
  if (!cached) suggestions.set(properties, (cached = { known: Object.keys(properties), meant: new Map() }));
  const { known } = cached;
  let meant = cached.meant.get(key);
  if (meant === undefined && !cached.meant.has(key) && before < FINDINGS_PER_CODE) {
    if (cached.meant.size >= 1000) cached.meant.clear();
    meant = closest(key, known);
    cached.meant.set(key, meant);
  }
  const where = pointer.lastIndexOf("/") === 0 ? "" : ` in "${fieldName(pointer.slice(0, pointer.lastIndexOf("/")))}"`;
  const didYouMean = meant ? ` Did you mean "${meant}"?` : "";
  return {
    severity: closed ? "error" : "warning",
    code: closed ? "AT_FIELD_NOT_ALLOWED" : "AT_UNKNOWN_FIELD",
    path: pointer,
    message: closed
      ? `Attentive does not allow the field ${quote(key)}${where}: its API schema forbids fields it does not list, so the request may be rejected.${didYouMean}`
      : `Attentive does not know the field ${quote(key)}${where}, so it will be ignored.${didYouMean}`,
    hint: meant
      ? `Rename ${quote(key)} to "${meant}".`
      : `The fields Attentive ${closed ? "allows" : "knows"} here: ${known.join(", ")}.`,
    onKey: true,
  };
}
