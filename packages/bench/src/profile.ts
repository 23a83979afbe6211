/**
 * CPU profile of our engine's render loop, summarised by source line:
 *   node packages/bench/dist/profile.js [T1 T2 T3] [--seconds 3] [--cold] [--payload]
 * `--cold` profiles compile() + render; `--payload` profiles renderPayload (validation + SMS facts).
 * Prints the top functions by self time and the hottest lines (mapped to the .ts sources through the .js.map files),
 * and writes the raw profile to packages/bench/.results/<template>.cpuprofile (open it in Chrome DevTools).
 *   node packages/bench/dist/profile.js --summarize FILE.cpuprofile
 * summarises a profile written by `node --cpu-prof` (e.g. of the CLI's start-up) the same way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderPayload } from "@zephyr/attentive";
import { compile } from "@zephyr/zephyr";
import { makeContexts, makeProfiles } from "./data.js";
import { TEMPLATES, type TemplateId } from "./engines/engine.js";
import { OPTIONS, SOURCES } from "./engines/zephyr.js";
import { RESULTS_DIR, ROOT } from "./paths.js";
import { table } from "./report.js";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
// Without --seconds, 3 (indexOf's -1 must not read the first argument, a template name, as the duration).
const seconds = args.includes("--seconds") ? Number(args[args.indexOf("--seconds") + 1]) : 3;
const cold = args.includes("--cold");
const payload = args.includes("--payload");
const templates = TEMPLATES.filter((t) => args.includes(t));
const maps = new Map<string, SourceMap | null>();
const generated = new Map<string, string[]>();
const ctxs = makeContexts(makeProfiles(10_000));

if (args[0] === "--summarize") summarise(JSON.parse(readFileSync(args[1], "utf8")) as CpuProfile);
else await profileRenders();

async function profileRenders(): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  for (const t of templates.length ? templates : TEMPLATES) {
    const work = loop(t);
    work(2000); // warm up before profiling
    await session.post("Profiler.start");
    const renders = work(seconds * 1000);
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const mode = cold ? "-cold" : payload ? "-payload" : "";
    writeFileSync(`${RESULTS_DIR}/${t}${mode}.cpuprofile`, JSON.stringify(profile));
    console.log(`\n## ${t}${mode}: ${renders.toLocaleString("en-US")} renders in ${seconds} s\n`);
    summarise(profile);
  }
}

/** A loop of `ms` milliseconds of renders; returns how many it did. */
function loop(t: TemplateId): (ms: number) => number {
  const options = OPTIONS[t];
  const template = compile(SOURCES[t]);
  const one = cold
    ? (i: number) => compile(SOURCES[t]).render(ctxs[i], options).output.length
    : payload
      ? (i: number) => renderPayload(template, ctxs[i], { ...options, endpoint: "text-send" }).output.length
      : (i: number) => template.render(ctxs[i], options).output.length;
  return (ms) => {
    const end = performance.now() + ms;
    let n = 0;
    let sink = 0;
    while (performance.now() < end) {
      for (let k = 0; k < 100; k++) sink += one(n++ % ctxs.length);
    }
    return sink > 0 ? n : 0;
  };
}

function summarise(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = (n: ProfileNode) => {
    const f = n.callFrame;
    return `${f.functionName || "(anonymous)"}  ${where(f.url, f.lineNumber, f.columnNumber)}`;
  };
  let total = 0;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  const lines = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  // Inclusive time: each function counted once per sample stack, however deep it recurses.
  const onStack = new Map<string, number>();
  const visit = (n: ProfileNode): number => {
    const key = label(n);
    const hits = n.hitCount ?? 0;
    total += hits;
    add(self, key, hits);
    add(packages, area(n.callFrame.url), hits);
    for (const p of n.positionTicks ?? []) {
      add(
        lines,
        `${where(n.callFrame.url, p.line - 1, firstColumn(n.callFrame.url, p.line - 1))}  (in ${n.callFrame.functionName || "(anonymous)"})`,
        p.ticks,
      );
    }
    onStack.set(key, (onStack.get(key) ?? 0) + 1);
    let sum = hits;
    for (const c of n.children ?? []) sum += visit(byId.get(c)!);
    const depth = onStack.get(key)! - 1;
    onStack.set(key, depth);
    if (depth === 0) add(inclusive, key, sum);
    return sum;
  };
  visit(profile.nodes[0]);
  const top = (m: Map<string, number>, n: number, keep: (k: string) => boolean = () => true) =>
    [...m]
      .filter(([k]) => keep(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, `${((v / total) * 100).toFixed(1)}%`]);
  const ours = (k: string) => k.includes("packages/") && !k.includes("packages/bench/");
  console.log("Top functions by self time:\n");
  console.log(table({ head: ["function  file:line", "self"], rows: top(self, 25) }));
  console.log("\nHottest lines:\n");
  console.log(table({ head: ["file:line", "ticks"], rows: top(lines, 25) }));
  console.log("\nOur functions by inclusive time:\n");
  console.log(table({ head: ["function  file:line", "total"], rows: top(inclusive, 15, ours) }));
  console.log("\nSelf time by package:\n");
  console.log(table({ head: ["package", "self"], rows: top(packages, 12) }));
}

/** Which package (or node internals) a script URL belongs to. */
function area(url: string): string {
  if (!url) return "(native, GC, idle)";
  if (url.startsWith("node:")) return "node internals";
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const pkg = /packages\/([^/]+)\//.exec(url);
  return pkg ? `@zephyr/${pkg[1]}` : url;
}

/** The first non-blank column of a generated line, where its source mapping is (column 0 may map elsewhere). */
function firstColumn(url: string, line: number): number {
  if (!url.startsWith("file://")) return 0;
  let lines = generated.get(url);
  if (!lines) generated.set(url, (lines = readFileSync(fileURLToPath(url), "utf8").split("\n")));
  const text = lines[line] ?? "";
  return text.length - text.trimStart().length;
}

/** `url:line` (0-based in), as the original .ts file and line (1-based) when a source map is there. */
function where(url: string, line: number, column: number): string {
  // Code without a file: node internals, and the engine's generated templates (`zephyr-generated.js`, whose line N is
  // line N - 2 of `Template.javascript(mode).source`: the host's Function wrapper adds two lines).
  if (!url.startsWith("file://")) return url ? `${url}:${line + 1}` : "(native)";
  const file = fileURLToPath(url);
  let map = maps.get(file);
  if (map === undefined) {
    map = existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))) : null;
    maps.set(file, map);
  }
  const entry = map?.findEntry(line, column);
  if (entry && "originalSource" in entry) {
    const src = entry.originalSource;
    const source = src.startsWith("file://") ? fileURLToPath(src) : resolve(dirname(file), src);
    return `${relative(ROOT, source)}:${entry.originalLine + 1}`;
  }
  return `${relative(ROOT, file)}:${line + 1}`;
}
