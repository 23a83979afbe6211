/**
 * The benchmark: `node packages/bench/dist/run.js [--quick] [--jobs render,cold,batch,start,million]
 * [--templates T1,T2,T3] [--windows N] [--window-ms N]`. See README.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BatchResult } from "./batch.js";
import { checkSample, makeContexts, makeProfiles } from "./data.js";
import { FLOOR, TEMPLATES, type TemplateId, ZEPHYR } from "./engines/engine.js";
import { loadEngines } from "./engines/index.js";
import { blackhole, type Contender, gc, interleave, median, type Plan, ratio } from "./measure.js";
import { millionBatch } from "./million.js";
import { fromRoot } from "./paths.js";
import { fmtMB, fmtMs, fmtOps, fmtX, machine, type Table, table } from "./report.js";
import { mismatch } from "./verify.js";

const JOBS = ["render", "cold", "batch", "start", "million"] as const;
type Job = (typeof JOBS)[number];

interface Options {
  quick: boolean;
  jobs: Job[];
  templates: TemplateId[];
  plan: Plan;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const value = (flag: string): string | undefined => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return argv[i].includes("=") ? argv[i].slice(flag.length + 1) : argv[i + 1];
  };
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      "node packages/bench/dist/run.js [--quick] [--jobs render,cold,batch,start,million] [--templates T1,T2,T3] [--windows N] [--window-ms N]",
    );
    process.exit(0);
  }
  const jobs = (value("--jobs")?.split(",") ?? [...JOBS]) as Job[];
  const templates = (value("--templates")?.split(",") ?? [...TEMPLATES]) as TemplateId[];
  for (const j of jobs) if (!JOBS.includes(j)) throw new Error(`unknown job ${j} (jobs: ${JOBS.join(", ")})`);
  for (const t of templates) if (!TEMPLATES.includes(t)) throw new Error(`unknown template ${t}`);
  const plan: Plan = {
    windows: Number(value("--windows") ?? (quick ? 7 : 25)),
    windowMs: Number(value("--window-ms") ?? (quick ? 30 : 50)),
    warmupMs: quick ? 100 : 300,
  };
  return { quick, jobs, templates, plan };
}

/** Everything printed, in Markdown, also written to RESULTS.md after a full run. */
const out: string[] = [];
function say(text = ""): void {
  console.log(text);
  out.push(text);
}
function sayTable(t: Table): void {
  say(table(t));
  say();
}

const PROFILES = 10_000;

async function main(): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
    // Run again with --expose-gc, so the runner can collect garbage between jobs.
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ["--expose-gc", ...process.execArgv, self, ...process.argv.slice(2)], {
      stdio: "inherit",
    });
    process.exit(r.status ?? 1);
  }
  const opts = parseArgs(process.argv.slice(2));
  const full = !opts.quick && opts.jobs.length === JOBS.length && opts.templates.length === TEMPLATES.length;
  say("# Benchmark results");
  say();
  for (const line of machine()) say(line);
  say(
    `- settings: ${opts.plan.windows} interleaved windows × ${opts.plan.windowMs} ms per engine, ${opts.plan.warmupMs} ms warm-up, ${PROFILES.toLocaleString("en-US")} distinct profiles (seeded)${opts.quick ? " — **quick run**" : ""}`,
  );
  say();
  say(
    "×floor = ops/s ÷ the template-literal floor's ops/s in the same window (median over windows); 1.00 = as fast as hand-written code.",
  );
  say("zephyr ÷ X = zephyr's ops/s ÷ X's in the same window (median); above 1 zephyr is faster.");
  say();

  const renderSeries = new Map<TemplateId, Map<string, number[]>>();
  const coldSeries = new Map<TemplateId, Map<string, number[]>>();
  if (opts.jobs.includes("render") || opts.jobs.includes("cold")) await timed(opts, renderSeries, coldSeries);
  if (renderSeries.size || coldSeries.size) summary(renderSeries, coldSeries);
  gc();
  if (opts.jobs.includes("batch")) batch(opts);
  gc();
  if (opts.jobs.includes("start")) coldStart(opts);
  if (opts.jobs.includes("million")) for (const line of millionBatch(opts.quick ? 100_000 : 1_000_000)) say(line);

  console.log(`\n(blackhole ${blackhole()})`);
  if (full) {
    writeFileSync(fromRoot("packages/bench/RESULTS.md"), `${out.join("\n")}\n`);
    console.log("wrote packages/bench/RESULTS.md");
  } else {
    console.log("partial or quick run: RESULTS.md left as it was");
  }
}

/** Jobs (a) render only and (b) cold parse+render, after checking every variant against the floor. */
async function timed(
  opts: Options,
  renderSeries: Map<TemplateId, Map<string, number[]>>,
  coldSeries: Map<TemplateId, Map<string, number[]>>,
): Promise<void> {
  const engines = await loadEngines();
  const ctxs = makeContexts(makeProfiles(PROFILES));
  const sample = checkSample();
  const floor = engines.find((e) => e.name === FLOOR);
  if (!floor) throw new Error("no floor");

  say("## JSON safety check");
  say();
  say(
    `Each variant rendered ${sample.length} sample profiles (every tricky first name — quotes, backslashes, newline, tab, control character, emoji, \`</script>\`, empty — one with no first name, then seeded ones) and was compared with the floor byte for byte (the object floor by parsed value: its layout is compact by design). A variant that differs is not timed.`,
  );
  say();
  const excluded: string[] = [];
  const compiled = new Map<TemplateId, Contender[]>();
  const cold = new Map<TemplateId, Contender[]>();
  for (const t of opts.templates) {
    const reference = floor.compile(t);
    for (const ctx of sample) JSON.parse(reference(ctx)); // the floor itself must be valid JSON
    const hot: Contender[] = [];
    const fresh: Contender[] = [{ name: FLOOR, render: reference }];
    for (const e of engines) {
      let why: string | undefined;
      try {
        const render = e.compile(t);
        why = mismatch(render, reference, sample, e.compareParsed);
        if (!why) hot.push({ name: e.name, render });
        if (!why && e.cold) {
          const coldRender = e.cold(t);
          why = mismatch(coldRender, reference, sample.slice(0, 40), e.compareParsed);
          if (!why) fresh.push({ name: e.name, render: coldRender });
        }
      } catch (err) {
        why = `does not compile: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
      }
      if (why) excluded.push(`- ${t} **${e.name}** excluded: ${why}`);
    }
    compiled.set(t, hot);
    cold.set(t, fresh);
  }
  if (excluded.length) for (const line of excluded) say(line);
  else say("All variants are byte-identical to the floor on every template (the object floor: same parsed value).");
  say();
  say("How each variant is JSON-safe:");
  say();
  for (const e of engines) say(`- ${e.name}: ${e.jsonSafety}`);
  say();

  if (opts.jobs.includes("render")) {
    say("## (a) Render only (template compiled once)");
    say();
    for (const t of opts.templates) {
      gc();
      const series = interleave(compiled.get(t) ?? [], ctxs, opts.plan);
      renderSeries.set(t, series);
      say(`### ${t} — ${TEMPLATE_NAMES[t]}`);
      say();
      sayTable(opsTable(series));
    }
  }
  if (opts.jobs.includes("cold")) {
    say("## (b) Cold: parse + render every time (no cache)");
    say();
    say(
      "Every op compiles the source and renders one profile (zephyr: `compile()` each time; Mustache: a fresh Writer, whose template cache is empty; Handlebars precompiled and the floors have no parse step, so only the literal floor runs, as the ×floor reference).",
    );
    say();
    for (const t of opts.templates) {
      gc();
      const series = interleave(cold.get(t) ?? [], ctxs, { ...opts.plan, warmupMs: opts.plan.warmupMs / 2 });
      coldSeries.set(t, series);
      say(`### ${t} cold`);
      say();
      sayTable(opsTable(series));
    }
  }
}

const TEMPLATE_NAMES: Record<TemplateId, string> = {
  T1: "seed Profile Data payload",
  T2: "Content Recommendations payload, one item (zephyr: a sync provider; peers: the item as data)",
  T3: "conditional greeting + loop joining five titles + upper + payload",
};

function opsTable(series: Map<string, number[]>): Table {
  const floor = series.get(FLOOR);
  const ours = series.get(ZEPHYR);
  const rows = [...series].map(([name, ops]) => [
    name === ZEPHYR ? `**${name}**` : name,
    fmtOps(median(ops)),
    floor ? fmtX(ratio(ops, floor)) : "",
    ours && name !== ZEPHYR ? fmtX(ratio(ours, ops)) : "",
  ]);
  return { head: ["engine", "ops/s (median)", "×floor", "zephyr ÷ engine"], rows };
}

/** Our ratio to each peer, per template, render and cold. */
function summary(
  renderSeries: Map<TemplateId, Map<string, number[]>>,
  coldSeries: Map<TemplateId, Map<string, number[]>>,
): void {
  say("## Zephyr ÷ each engine (same run, same windows)");
  say();
  const names = new Set<string>();
  for (const m of [...renderSeries.values(), ...coldSeries.values()])
    for (const n of m.keys()) if (n !== ZEPHYR) names.add(n);
  const cols: [string, Map<string, number[]> | undefined][] = [
    ...[...renderSeries].map(([t, m]) => [`${t} render`, m] as [string, Map<string, number[]>]),
    ...[...coldSeries].map(([t, m]) => [`${t} cold`, m] as [string, Map<string, number[]>]),
  ];
  const rows = [...names].map((n) => [
    n,
    ...cols.map(([, m]) => {
      const ours = m?.get(ZEPHYR);
      const theirs = m?.get(n);
      return ours && theirs ? fmtX(ratio(ours, theirs)) : "–";
    }),
  ]);
  sayTable({ head: ["engine", ...cols.map(([c]) => c)], rows });
}

/**
 * Job (c): a 100 000-profile batch to NDJSON in memory, each engine in its own process. Full runs repeat the
 * round (all engines in turn) three times and report medians; the validating run, much slower, runs once.
 */
function batch(opts: Options): void {
  const n = opts.quick ? 20_000 : 100_000;
  const rounds = opts.quick ? 1 : 3;
  say(`## (c) Batch: ${n.toLocaleString("en-US")} profiles to NDJSON in memory, one process per engine`);
  say();
  say(
    `Per profile: render, \`JSON.parse\` (is it a payload?), \`JSON.stringify\` (one compact line); lines joined at the end. Time excludes process start and profile generation; medians of ${rounds} round(s), engines in turn within a round; ×floor = the literal floor's time ÷ the engine's, in the same round (median). Peak RSS is the whole process's (\`process.resourceUsage().maxRSS\`); "RSS before" is after loading the engine and generating the profiles. \`zephyr (renderPayload)\` (one round) uses \`renderPayload\` from @zephyr/attentive instead: JSON parse, schema and semantic validation, SMS facts.`,
  );
  say();
  const script = fileURLToPath(new URL("./batch.js", import.meta.url));
  const engines = [
    FLOOR,
    "floor (object)",
    ZEPHYR,
    "liquidjs",
    "handlebars",
    "handlebars (precompiled)",
    "eta",
    "mustache",
    "nunjucks",
  ];
  const runs: [string, string[]][] = [...engines.map((e): [string, string[]] => [e, []]), [ZEPHYR, ["--validate"]]];
  for (const t of opts.templates) {
    const results = new Map<string, BatchResult[]>();
    const failures = new Map<string, string>();
    for (let round = 0; round < rounds; round++) {
      for (const [engine, extra] of runs) {
        const name = engine + (extra.length ? " (renderPayload)" : "");
        if ((extra.length && round > 0) || failures.has(name)) continue;
        const r = spawnSync(process.execPath, ["--expose-gc", script, engine, t, String(n), ...extra], {
          encoding: "utf8",
        });
        const line = r.stdout.trim().split("\n").pop() ?? "";
        if (r.status !== 0 || !line.startsWith("{"))
          failures.set(name, r.stderr.trim().split("\n")[0] ?? `exit ${r.status}`);
        else results.set(name, [...(results.get(name) ?? []), JSON.parse(line) as BatchResult]);
      }
    }
    const floor = results.get(FLOOR) ?? [];
    const rows = runs.map(([engine, extra]) => {
      const name = engine + (extra.length ? " (renderPayload)" : "");
      const bs = results.get(name);
      if (!bs) return [name, "failed", "", "", "", "", failures.get(name) ?? ""];
      const ms = median(bs.map((b) => b.ms));
      const rejected = Math.max(...bs.map((b) => b.rejected));
      return [
        name === ZEPHYR ? `**${name}**` : name,
        fmtMs(ms),
        fmtOps((n / ms) * 1000),
        floor.length ? fmtX(median(bs.map((b, i) => floor[i].ms / b.ms))) : "",
        fmtMB(median(bs.map((b) => b.peakRssMB))),
        fmtMB(median(bs.map((b) => b.rssBeforeMB))),
        rejected ? `${rejected} rejected` : "all valid",
      ];
    });
    say(`### ${t}`);
    say();
    sayTable({ head: ["engine", "time", "profiles/s", "×floor", "peak RSS", "RSS before", "lines"], rows });
  }
}

/** Job (d): `zephyr render` as a process, against an empty `node -e 0`. */
function coldStart(opts: Options): void {
  say("## (d) Cold start: `zephyr render` as a process");
  say();
  const bin = fromRoot("packages/cli/dist/bundle/zephyr.js");
  if (!existsSync(bin)) {
    say("Skipped: packages/cli/dist/bundle/zephyr.js is not built (run `pnpm build` first).");
    say();
    return;
  }
  const args = [bin, "render", "fixtures/seed/profile-data.zephyr", "--profile", "fixtures/profiles/ann.json"];
  const check = spawnSync(process.execPath, args, { cwd: fromRoot(""), encoding: "utf8" });
  if (check.status !== 0) {
    say(`Skipped: the command failed (exit ${check.status}): ${check.stderr.trim().split("\n")[0]}`);
    say();
    return;
  }
  const runs = opts.quick ? 5 : 20;
  const wall = (argv: string[]): number => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, argv, { cwd: fromRoot(""), stdio: "ignore" });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  // What a library user pays: a fresh process that imports the published entry (the ESM bundle, Chevrotain inside)
  // and, for comparison, tsc's unbundled output of the same code. Each child also prints the CPU time it used
  // (user + system), which a busy machine inflates far less than wall time.
  const CPU = "const u = process.cpuUsage(); console.log(u.user + u.system);";
  const importOf = (specifier: string): string[] => [
    "--input-type=module",
    "-e",
    `await import(${JSON.stringify(specifier)}); ${CPU}`,
  ];
  const imports: [string, string[]][] = [
    ['import "@zephyr/zephyr"', importOf(import.meta.resolve("@zephyr/zephyr"))],
    ['import "@zephyr/attentive"', importOf(import.meta.resolve("@zephyr/attentive"))],
    ["engine, unbundled (tsc output)", importOf(pathToFileURL(fromRoot("packages/zephyr/dist/index.js")).href)],
    ["node -e 0", ["--input-type=module", "-e", CPU]],
  ];
  /** Wall time and the child's own CPU time, in ms. */
  const timed = (argv: string[]): [number, number] => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { cwd: fromRoot(""), encoding: "utf8" });
    return [Number(process.hrtime.bigint() - start) / 1e6, Number(r.stdout.trim()) / 1e3];
  };
  const cli: number[] = [];
  const wallTimes = imports.map((): number[] => []);
  const cpuTimes = imports.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    cli.push(wall(args));
    for (const [j, [, argv]] of imports.entries()) {
      const [w, c] = timed(argv);
      wallTimes[j]?.push(w);
      cpuTimes[j]?.push(c);
    }
  }
  const bareWall = median(wallTimes[imports.length - 1] ?? []);
  const bareCpu = median(cpuTimes[imports.length - 1] ?? []);
  const row = (name: string, xs: number[], cpu?: number[]) => [
    name,
    fmtMs(median(xs)),
    fmtMs(Math.min(...xs)),
    fmtMs(Math.max(...xs)),
    `+${fmtMs(median(xs) - bareWall)}`,
    cpu ? fmtMs(median(cpu)) : "",
    cpu ? `+${fmtMs(median(cpu) - bareCpu)}` : "",
  ];
  say(
    `\`node packages/cli/dist/bundle/zephyr.js ${args.slice(1).join(" ")}\` and \`node --input-type=module -e 'await import(…)'\` of each library entry, ${runs} runs alternating with bare node (\`-e\` printing only its CPU time). "over bare" = median − bare node's median in the same run; CPU = the child's user + system time:`,
  );
  say();
  sayTable({
    head: ["command", "median", "min", "max", "over bare", "CPU", "CPU over bare"],
    rows: [row("zephyr render", cli), ...imports.map(([name], j) => row(name, wallTimes[j] ?? [], cpuTimes[j]))],
  });
}

await main();
