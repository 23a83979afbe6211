/** Renders a block of profile lines: the work of one batch step, the same in-process and in a worker thread. */
import { isUtf8 } from "node:buffer";
import { type PayloadOptions, type PayloadResult, renderPayload } from "@zephyr/attentive";
import { type Diagnostic, type Template, ZephyrError } from "@zephyr/zephyr";
import { firstInvalidUtf8 } from "../inputs.js";
import { errorDiagnostics } from "../report.js";
import type { RenderSetup } from "../setup.js";
import type { Block } from "./lines.js";

/** What a block turned into. `out` and `rejects` are whole NDJSON lines, each ending with "\n". */
export interface BlockResult {
  /** Blank lines (empty or only white space): skipped, not counted as read. */
  blank: number;
  written: number;
  rejected: number;
  cancelled: number;
  /** Written payloads that have warning diagnostics. */
  warned: number;
  /**
   * The payload lines as UTF-8, in an ArrayBuffer of their own (never Node's shared Buffer pool), so a worker
   * thread can hand it over instead of copying it.
   */
  out: Uint8Array;
  rejects: string;
}

/** A compiled template with everything a render needs, resolved once. */
export interface BatchRenderer {
  template: Template;
  data: Record<string, unknown>;
  options: PayloadOptions;
}

export function batchRenderer(setup: RenderSetup): BatchRenderer {
  // The clock is fixed for the run and the provider (a catalog, a loaded feed or none) is pure, so a payload can be
  // rendered again with segments when, and only when, it has a diagnostic to place in the template; and only the
  // diagnostics of rejected lines are kept (a written payload's warnings are only counted), so only those are placed.
  return {
    template: setup.template,
    data: setup.data,
    // And the SMS facts of a payload are not written anywhere: not computed.
    options: { ...setup.options, endpoint: setup.endpoint, lateSegments: true, spans: "rejected", sms: false },
  };
}

/** A rejected input line, as written to the rejects file. */
export interface Reject {
  line: number;
  input: string;
  diagnostics: Diagnostic[];
}

/**
 * Renders every line of `block`. Each non-blank line becomes one payload line (compact JSON; with endpoint `none`,
 * the rendered text as a JSON string), one rejects line, or a cancelled count. A trailing "\r" (CRLF input) is not
 * part of a line. Any exception rejects its line only (one that is not a ZephyrError as ZE_BATCH_INTERNAL).
 *
 * Each line is decoded on its own (cheaper than decoding the block and splitting it, and JSON.parse is faster on
 * a string of its own than on a slice of a large one), and each payload is encoded straight into the output bytes.
 */
export function processBlock(r: BatchRenderer, block: Block): BlockResult {
  const textOnly = r.options.endpoint === "none";
  const bytes = Buffer.from(block.bytes.buffer, block.bytes.byteOffset, block.bytes.length);
  const out = new Utf8Lines(bytes.length);
  const result: BlockResult = { blank: 0, written: 0, rejected: 0, cancelled: 0, warned: 0, out: EMPTY, rejects: "" };
  // Almost every block is valid UTF-8: one fast check of the whole block, and a check per line only when it fails.
  const utf8 = isUtf8(bytes);
  let start = 0;
  for (let i = 0; i < block.lineCount; i++) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end < 0) end = bytes.length;
    const next = end + 1;
    if (end > start && bytes[end - 1] === CR) end--;
    const line = bytes.toString("utf8", start, end);
    const lineStart = start;
    start = next;
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === "")) {
      result.blank++;
      continue;
    }
    const lineNumber = block.firstLine + i;
    if (!utf8 && !isUtf8(bytes.subarray(lineStart, end))) {
      // Never silently replaced: the line is rejected, its input shown with U+FFFD where the bad bytes were.
      const at = firstInvalidUtf8(bytes.subarray(lineStart, end));
      reject(result, lineNumber, line, [
        problem(
          "ZE_BATCH_NOT_UTF8",
          `the line is not valid UTF-8: byte 0x${bytes[lineStart + at].toString(16).padStart(2, "0")} at byte ${at + 1} of the line; save the profiles as UTF-8`,
        ),
      ]);
      continue;
    }
    let profile: unknown;
    try {
      profile = JSON.parse(line);
    } catch (e) {
      reject(result, lineNumber, line, [
        problem("ZE_BATCH_NOT_JSON", `the line is not valid JSON: ${(e as Error).message}`),
      ]);
      continue;
    }
    if (profile === null || typeof profile !== "object" || Array.isArray(profile)) {
      const got = profile === null ? "null" : Array.isArray(profile) ? "an array" : `a ${typeof profile}`;
      reject(result, lineNumber, line, [
        problem("ZE_BATCH_NOT_OBJECT", `a profile line must hold a JSON object; this one holds ${got}`),
      ]);
      continue;
    }
    let rendered: PayloadResult;
    try {
      rendered = renderPayload(r.template, { profile: profile as Record<string, unknown>, data: r.data }, r.options);
    } catch (e) {
      // Whatever one profile does, the batch goes on: an exception that is not a ZephyrError (a bug, or an engine
      // limit V8 hit first, like "Invalid string length") rejects this line only, saying so.
      reject(
        result,
        lineNumber,
        line,
        e instanceof ZephyrError
          ? errorDiagnostics(e)
          : [
              problem(
                "ZE_BATCH_INTERNAL",
                `rendering this profile failed with an internal error (a bug: please report it): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
              ),
            ],
      );
      continue;
    }
    if (rendered.cancelled) {
      result.cancelled++;
    } else if (!rendered.ok) {
      reject(result, lineNumber, line, rendered.diagnostics);
    } else {
      out.push(textOnly ? JSON.stringify(rendered.output) : JSON.stringify(rendered.payload));
      result.written++;
      if (rendered.diagnostics.some((d) => d.severity === "warning")) result.warned++;
    }
  }
  result.out = out.bytes();
  return result;
}

const NEWLINE = 10;
const CR = 13;
const EMPTY = new Uint8Array(0);

/** Lines of text encoded as UTF-8 into one growing buffer, each followed by "\n". */
class Utf8Lines {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(Math.max(capacity, 1024));
  }

  push(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    const room = this.length + text.length * 3 + 1;
    if (room > this.buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(room, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length);
    this.buffer[this.length++] = NEWLINE;
  }

  /** The lines written, as a view on a buffer of their own (allocUnsafeSlow never uses the shared pool). */
  bytes(): Uint8Array {
    return this.length === 0 ? EMPTY : this.buffer.subarray(0, this.length);
  }
}

function reject(result: BlockResult, line: number, input: string, diagnostics: Diagnostic[]): void {
  const entry: Reject = { line, input, diagnostics };
  result.rejects += `${JSON.stringify(entry)}\n`;
  result.rejected++;
}

function problem(code: string, message: string): Diagnostic {
  return { severity: "error", code, message };
}
