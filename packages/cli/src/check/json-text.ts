/** JSON text for case files and diffs: 2-space indentation, short lists of scalars on one line. */
import { escapePointer } from "@zephyr/project";

const WIDTH = 80;

const isScalar = (v: unknown): boolean => v === null || typeof v !== "object";

/** The text a document was parsed from, and where each of its values is (from `locate`). */
export interface OriginalText {
  text: string;
  value: unknown;
  locations: Map<string, { value: { start: number; end: number } }>;
}

interface Origin {
  pointer: string;
  value: unknown;
}

/**
 * Like `JSON.stringify(value, null, 2)`, but a list or object at most two levels deep that fits in 80 columns stays
 * on one line (`["AT_TO_NOT_E164"]`, `{ "segments": 1, "encoding": "GSM-7" }`), as people write them by hand. With `original`, every value that is
 * unchanged from the original document at the same place is written exactly as it was written there, so
 * `--update` changes only the expectations it rewrites.
 */
export function stringifyJson(value: unknown, original?: OriginalText): string {
  return write(value, "", 0, original, original ? { pointer: "", value: original.value } : undefined);
}

function write(value: unknown, indent: string, column: number, src?: OriginalText, origin?: Origin): string {
  if (src && origin && jsonEqual(value, origin.value)) {
    const loc = src.locations.get(origin.pointer);
    if (loc) return src.text.slice(loc.value.start, loc.value.end);
  }
  if (isScalar(value)) return JSON.stringify(value) ?? "null";
  const line = oneLine(value, 2);
  if (line !== undefined && column + line.length <= WIDTH) return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const before = origin && Array.isArray(origin.value) ? origin.value : undefined;
    const items = value.map((v, i) => {
      const o = before && i < before.length ? { pointer: `${origin!.pointer}/${i}`, value: before[i] } : undefined;
      return `${inner}${write(v, inner, inner.length, src, o)}`;
    });
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const before =
    origin && origin.value !== null && typeof origin.value === "object" && !Array.isArray(origin.value)
      ? (origin.value as Record<string, unknown>)
      : undefined;
  const items = entries.map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    const o =
      before && Object.hasOwn(before, k)
        ? { pointer: `${origin!.pointer}/${escapePointer(k)}`, value: before[k] }
        : undefined;
    return `${inner}${key}${write(v, inner, inner.length + key.length, src, o)}`;
  });
  return `{\n${items.join(",\n")}\n${indent}}`;
}

/** `[1, 2]`, `{ "code": "X", "line": 6 }`, `[{ "code": "X" }]`: values nested at most `depth` deep, on one line. */
function oneLine(value: unknown, depth: number): string | undefined {
  if (isScalar(value)) return JSON.stringify(value) ?? "null";
  if (depth === 0) return undefined;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = oneLine(v, depth - 1);
      if (p === undefined) return undefined;
      parts.push(p);
    }
    return `[${parts.join(", ")}]`;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const p = oneLine(v, depth - 1);
    if (p === undefined) return undefined;
    parts.push(`${JSON.stringify(k)}: ${p}`);
  }
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

/**
 * A copy of `actual` whose object keys follow the order of the matching objects in `expected` (then the rest),
 * so a diff of the two shows only what differs, not a reordering.
 */
export function alignKeys(actual: unknown, expected: unknown): unknown {
  if (actual === null || typeof actual !== "object" || expected === null || typeof expected !== "object") return actual;
  if (Array.isArray(actual)) return Array.isArray(expected) ? actual.map((v, i) => alignKeys(v, expected[i])) : actual;
  if (Array.isArray(expected)) return actual;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e)) if (Object.hasOwn(a, k)) setOwn(out, k, alignKeys(a[k], e[k]));
  for (const k of Object.keys(a)) if (!Object.hasOwn(out, k)) setOwn(out, k, a[k]);
  return out;
}

/** `obj[key] = value` that also works for a key named `__proto__` (JSON allows it; plain assignment would not). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
