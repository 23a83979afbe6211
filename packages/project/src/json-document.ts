/** A parsed JSON file that can say where each value is (`file:line:col`), for messages about case files. */
import { type JsonLocation, locate } from "@zephyr/attentive/internal";
import { LineIndex } from "@zephyr/zephyr/internal";

export interface JsonDocument {
  value: unknown;
  /** `file:line:col` of the value (or its property name) at a JSON pointer; the nearest parent when unknown. */
  where(pointer: string, at?: "key" | "value"): string;
  /** The line of the value at a JSON pointer. */
  line(pointer: string): number;
  duplicates: { key: string; where: string }[];
  /** The text range of every value, by JSON pointer. */
  locations: Map<string, JsonLocation>;
}

export type ParsedDocument = { ok: true; doc: JsonDocument } | { ok: false; where: string; message: string };

export function parseJsonDocument(text: string, file: string): ParsedDocument {
  const index = new LineIndex(text);
  const pos = (offset: number) => {
    const p = index.position(offset);
    return `${file}:${p.line}:${p.column}`;
  };
  const located = locate(text);
  if (!located.ok) {
    return { ok: false, where: pos(syntaxErrorOffset(text, located.error)), message: located.error.message };
  }
  const offsetOf = (pointer: string, at: "key" | "value"): number => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const loc = located.locations.get(p);
      if (loc) return (at === "key" && p === pointer && loc.key ? loc.key : loc.value).start;
      if (p === "") return 0;
    }
  };
  return {
    ok: true,
    doc: {
      value: located.value,
      where: (pointer, at = "value") => pos(offsetOf(pointer, at)),
      line: (pointer) => index.position(offsetOf(pointer, "value")).line,
      locations: located.locations,
      duplicates: located.duplicates.map((d) => ({
        key: unescapePointer(d.pointer.slice(d.pointer.lastIndexOf("/") + 1)),
        where: pos(d.key.start),
      })),
    },
  };
}

/** Where a JSON syntax error is shown: a trailing comma at the comma itself (the locator reports where the closing bracket was expected). */
export function syntaxErrorOffset(text: string, error: { offset: number; message: string }): number {
  if (error.message.startsWith("trailing comma")) {
    const comma = text.lastIndexOf(",", error.offset);
    if (comma >= 0 && text.slice(comma + 1, error.offset).trim() === "") return comma;
  }
  return error.offset;
}

/** One JSON pointer segment for a key: `~` → `~0`, `/` → `~1`. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
