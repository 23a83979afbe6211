/** A batch block rendered from its bytes: lines decoded one by one, CRLF and blank lines, line numbers, output bytes. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Block, LineCutter } from "../src/batch/lines.js";
import { batchRenderer, processBlock } from "../src/batch/process.js";
import { prepareRender } from "../src/setup.js";
import { NOW, SEED } from "./batch-helpers.js";
import { ROOT } from "./run-cli.js";

const renderer = batchRenderer(await prepareRender(join(ROOT, SEED), { endpoint: "text-send", now: NOW }));
const profile = (name: string, sms = "+12025550143") => JSON.stringify({ keys: { sms }, vars: { first_name: name } });
const payload = (name: string, sms = "+12025550143") =>
  JSON.stringify({
    to: sms,
    body: `Hi, ${name} !`,
    subscriptionType: "MARKETING",
    useShortLinks: false,
    skipFatigue: false,
  });

/** Every block the cutter makes of `bytes` (in one chunk), rendered; outputs and rejects joined. */
function render(bytes: Uint8Array) {
  const blocks: Block[] = [];
  const cutter = new LineCutter();
  cutter.push(bytes, (b) => blocks.push(b));
  cutter.end((b) => blocks.push(b));
  const results = blocks.map((b) => processBlock(renderer, b));
  return {
    out: Buffer.concat(results.map((r) => r.out)).toString("utf8"),
    rejects: results.flatMap((r) =>
      r.rejects
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ),
    blank: results.reduce((n, r) => n + r.blank, 0),
    written: results.reduce((n, r) => n + r.written, 0),
  };
}

describe("processBlock", () => {
  it("renders LF and CRLF lines alike, skips blank ones, and a last line without a newline counts", () => {
    const text = [profile("Ann"), "", profile("Zoë 🎉"), "  \t", profile("Leo")].join("\r\n");
    for (const input of [text, text.replaceAll("\r\n", "\n"), `${text}\r\n`]) {
      const r = render(new TextEncoder().encode(input));
      expect(r.out).toBe(`${payload("Ann")}\n${payload("Zoë 🎉")}\n${payload("Leo")}\n`);
      expect([r.written, r.blank, r.rejects]).toEqual([3, 2, []]);
    }
  });

  it("rejects with the 1-based line number and the line as read (CR dropped; bad UTF-8 is ZE_BATCH_NOT_UTF8, shown as U+FFFD)", () => {
    const bytes = Buffer.concat([
      Buffer.from(`${profile("Ann")}\r\n{"keys": \xff}\r\n\n`, "latin1"),
      Buffer.from(`${profile("Leo", "555")}\n[1]`),
    ]);
    const r = render(bytes);
    expect(r.out).toBe(`${payload("Ann")}\n`);
    expect(r.rejects.map((x) => [x.line, x.input, x.diagnostics[0].code])).toEqual([
      [2, '{"keys": \uFFFD}', "ZE_BATCH_NOT_UTF8"],
      [4, profile("Leo", "555"), "AT_TO_NOT_E164"],
      [5, "[1]", "ZE_BATCH_NOT_OBJECT"],
    ]);
    // A rejected payload's diagnostics point at the template.
    expect(r.rejects[1].diagnostics[0].span).toMatchObject({ line: 3 });
  });

  it("writes the payloads as UTF-8 in a buffer of their own, growing it when the output outgrows the input", () => {
    const long = "é".repeat(5000);
    const block: Block = { firstLine: 1, lineCount: 1, bytes: new TextEncoder().encode(profile(long)) };
    const r = processBlock(renderer, block);
    expect(Buffer.from(r.out).toString("utf8")).toBe(`${payload(long)}\n`);
    expect(r.out.buffer).not.toBe(Buffer.from("x").buffer);
    expect(r.out.buffer.byteLength).toBeGreaterThanOrEqual(r.out.length);
  });
});
