/**
 * Job (e): a 1,000,000-profile NDJSON file through "the obvious hand-written script", through our engine in the
 * same loop, and through `zephyr batch` when the CLI has it. Time and peak RSS per process.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeProfile, prng } from "./data.js";
import { fromRoot } from "./paths.js";
import { fmtMB, fmtMs, table } from "./report.js";

const TEMPLATE = "fixtures/seed/profile-data.zephyr";

/** Readline, JSON.parse, build the payload, JSON.stringify, write. No validation. */
const HAND = `import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";

const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (!line) continue;
  const profile = JSON.parse(line);
  const payload = {
    to: profile.keys.sms,
    body: "Hi, " + (profile.vars.first_name ?? "") + " !",
    subscriptionType: "MARKETING",
    useShortLinks: false,
    skipFatigue: false,
  };
  out.write(JSON.stringify(payload) + "\\n");
}
out.end();
`;

/** The same loop, rendering the seed template with our engine (compiled once) instead of building the object. */
const LIBRARY = `import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { compile } from ${JSON.stringify(pathToFileURL(fromRoot("packages/zephyr/dist/index.js")).href)};

const [input, output, template] = process.argv.slice(2);
const t = compile(readFileSync(template, "utf8"));
const out = createWriteStream(output);
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (!line) continue;
  const text = t.render({ profile: JSON.parse(line) }, { escape: "json" }).output;
  out.write(JSON.stringify(JSON.parse(text)) + "\\n");
}
out.end();
`;

/** Without /usr/bin/time: a preload that reports the process's peak RSS and CPU time on exit. */
const RSS_PRELOAD = `process.on("exit", () => { const u = process.resourceUsage(); process.stderr.write("\\nBENCH_MAX_RSS_KB=" + u.maxRSS + "\\nBENCH_CPU_US=" + (u.userCPUTime + u.systemCPUTime) + "\\n"); });\n`;

interface Run {
  ms: number;
  peakRssMB?: number;
  /** CPU time (user + system) of the process, every thread: on a loaded machine it compares better than wall time. */
  cpuMs?: number;
  status: number | null;
  stderr: string;
}

export function millionBatch(n: number): string[] {
  const md: string[] = [`## (e) Batch of ${n.toLocaleString("en-US")} profiles: NDJSON file → NDJSON file`, ""];
  const dir = mkdtempSync(join(tmpdir(), "zephyr-bench-batch-"));
  try {
    const profiles = join(dir, "profiles.ndjson");
    const genStart = process.hrtime.bigint();
    writeProfiles(profiles, n);
    const genMs = Number(process.hrtime.bigint() - genStart) / 1e6;
    writeFileSync(join(dir, "hand.mjs"), HAND);
    writeFileSync(join(dir, "library.mjs"), LIBRARY);
    writeFileSync(join(dir, "rss.mjs"), RSS_PRELOAD);
    const useTime = existsSync("/usr/bin/time");
    const measure = (argv: string[]): Run => {
      const [cmd, args] = useTime
        ? ["/usr/bin/time", ["-v", process.execPath, ...argv]]
        : [process.execPath, ["--import", pathToFileURL(join(dir, "rss.mjs")).href, ...argv]];
      const start = process.hrtime.bigint();
      const r = spawnSync(cmd, args, {
        cwd: fromRoot(""),
        encoding: "utf8",
        stdio: ["ignore", "ignore", "pipe"],
        maxBuffer: 64 << 20,
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const kb =
        /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr) ?? /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
      const us = /BENCH_CPU_US=(\d+)/.exec(r.stderr);
      const cpuMs =
        user && system ? (Number(user[1]) + Number(system[1])) * 1000 : us ? Number(us[1]) / 1000 : undefined;
      return { ms, peakRssMB: kb ? Number(kb[1]) / 1024 : undefined, cpuMs, status: r.status, stderr: r.stderr };
    };

    const rows: string[][] = [];
    const notes: string[] = [];
    const outputs: [string, string, string][] = [];
    const record = (name: string, run: Run, output: string, why = "") => {
      const ok = run.status === 0 && existsSync(output);
      rows.push([
        name,
        ok ? fmtMs(run.ms) : `failed (exit ${run.status})`,
        ok ? `${Math.round((n / run.ms) * 1000).toLocaleString("en-US")}` : "",
        run.cpuMs === undefined ? "?" : fmtMs(run.cpuMs),
        run.peakRssMB === undefined ? "?" : fmtMB(run.peakRssMB),
      ]);
      if (ok) outputs.push([name, output, why]);
      else notes.push(`${name} failed: ${firstLine(run.stderr)}`);
    };

    const handOut = join(dir, "hand.out.ndjson");
    record("hand-written script", measure([join(dir, "hand.mjs"), profiles, handOut]), handOut);
    const libOut = join(dir, "library.out.ndjson");
    record(
      "same loop, zephyr library render",
      measure([join(dir, "library.mjs"), profiles, libOut, fromRoot(TEMPLATE)]),
      libOut,
    );

    const bin = fromRoot("packages/cli/dist/bundle/zephyr.js");
    if (!existsSync(bin)) notes.push("`zephyr batch` skipped: packages/cli/dist/bundle/zephyr.js is not built.");
    else if (!/^\s+batch\b/m.test(spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" }).stdout)) {
      notes.push("`zephyr batch` skipped: the CLI has no `batch` command yet.");
    } else {
      const cliOut = join(dir, "cli.out.ndjson");
      const cli = [bin, "batch", TEMPLATE, "--profiles", profiles, "--out", cliOut];
      record("`zephyr batch` (CLI, --workers auto)", measure(cli), cliOut);
      const oneOut = join(dir, "cli-one.out.ndjson");
      const one = [bin, "batch", TEMPLATE, "--profiles", profiles, "--out", oneOut, "--workers", "1"];
      record("`zephyr batch --workers 1` (CLI)", measure(one), oneOut);
      // The same without validation, to separate the CLI's own cost from the validator's.
      const rawOut = join(dir, "cli-none.out.ndjson");
      const raw = [bin, "batch", TEMPLATE, "--profiles", profiles, "--out", rawOut, "--endpoint", "none"];
      record(
        "`zephyr batch --endpoint none` (CLI)",
        measure(raw),
        rawOut,
        " (expected: it writes each raw output as a JSON string)",
      );
    }

    md.push(
      `Profiles generated with the seeded PRNG into a temp file (${fmtMs(genMs)}); template ${TEMPLATE}. Wall time of the whole process (start included); CPU time (user + system, all threads) and peak RSS from ${useTime ? "`/usr/bin/time -v`" : "`process.resourceUsage()` in a preload"}. On a loaded machine the threads of \`zephyr batch\` do not all get a core, so compare CPU times too. Only \`zephyr batch\` (default endpoint text-send) validates each payload; its default \`--workers auto\` renders on one worker thread per core (at most 4) for a file this size, \`--workers 1\` on one worker thread.`,
      "",
    );
    md.push(table({ head: ["command", "wall time", "profiles/s", "CPU time", "peak RSS"], rows }), "");
    const digests = outputs.map(([name, file, why]) => {
      const bytes = readFileSync(file);
      let lines = 0;
      for (const b of bytes) if (b === 10) lines++;
      return { name, why, lines, digest: createHash("sha256").update(bytes).digest("hex") };
    });
    for (const d of digests) {
      const same =
        d === digests[0]
          ? ""
          : d.digest === digests[0].digest
            ? ", byte-identical to the hand-written script's"
            : `, DIFFERENT from the hand-written script's${d.why}`;
      notes.push(`${d.name}: ${d.lines.toLocaleString("en-US")} output lines${same}.`);
    }
    for (const note of notes) md.push(`- ${note}`);
    md.push("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return md;
}

function writeProfiles(file: string, n: number): void {
  const rand = prng(7);
  const fd = openSync(file, "w");
  try {
    let chunk = "";
    for (let i = 0; i < n; i++) {
      chunk += `${JSON.stringify(makeProfile(rand, i))}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

const firstLine = (s: string): string => s.trim().split("\n")[0] ?? "";
