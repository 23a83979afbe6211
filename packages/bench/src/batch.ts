/**
 * Job (c), one engine per process so peak RSS is that engine's: render N profiles to NDJSON in memory.
 *   node --expose-gc dist/batch.js <engine> <template> <n> [--validate]
 * Each line: render, JSON.parse (the check that it is a payload), JSON.stringify (compact, one line).
 * `--validate` (zephyr only) uses renderPayload from @zephyr/attentive instead: JSON parse + schema + rules + SMS facts.
 * Prints one JSON object on stdout.
 */
import { makeContexts, makeProfiles } from "./data.js";
import type { Render, TemplateId } from "./engines/engine.js";
import { loadEngines, moduleOf } from "./engines/index.js";
import { gc } from "./measure.js";

export interface BatchResult {
  engine: string;
  template: TemplateId;
  n: number;
  ms: number;
  bytes: number;
  /** Lines that failed: invalid JSON, or with --validate, a payload with an error diagnostic. */
  rejected: number;
  rssBeforeMB: number;
  peakRssMB: number;
}

async function main(): Promise<void> {
  const [engineName, template, count] = process.argv.slice(2) as [string, TemplateId, string];
  const validate = process.argv.includes("--validate");
  const n = Number(count);
  const ctxs = makeContexts(makeProfiles(n));

  let lineOf: (i: number) => string | undefined;
  if (validate) {
    // Imported only here, so other engines' RSS does not include the validator.
    const { renderPayload } = await import("@zephyr/attentive");
    const { compile } = await import("@zephyr/zephyr");
    const { SOURCES, OPTIONS } = await import("./engines/zephyr.js");
    const compiled = compile(SOURCES[template], { filename: `${template}.zephyr` });
    const options = { ...OPTIONS[template], endpoint: "text-send" as const };
    lineOf = (i) => {
      const r = renderPayload(compiled, ctxs[i], options);
      return r.ok ? JSON.stringify(r.payload) : undefined;
    };
  } else {
    const [engine] = (await loadEngines([await moduleOf(engineName)])).filter((e) => e.name === engineName);
    const render: Render = engine.compile(template);
    lineOf = (i) => {
      try {
        return JSON.stringify(JSON.parse(render(ctxs[i])));
      } catch {
        return undefined;
      }
    };
  }

  gc();
  const rssBefore = process.memoryUsage().rss;
  const start = process.hrtime.bigint();
  const lines: string[] = [];
  let rejected = 0;
  for (let i = 0; i < n; i++) {
    const line = lineOf(i);
    if (line === undefined) rejected++;
    else lines.push(line);
  }
  const ndjson = `${lines.join("\n")}\n`;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const result: BatchResult = {
    engine: validate ? `${engineName} (renderPayload)` : engineName,
    template,
    n,
    ms,
    bytes: Buffer.byteLength(ndjson),
    rejected,
    rssBeforeMB: rssBefore / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
