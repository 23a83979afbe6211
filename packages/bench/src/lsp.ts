/**
 * Language server latency: `zephyr-language-server --stdio` (packages/language-server/dist/bin.js) driven over
 * JSON-RPC, as an editor drives it, on a 5,000-line template beside fixtures/project/zephyr.config.json (so the
 * diagnostics include the sample render and its payload validation). Times, from the request to the answer:
 * the first diagnostics after opening; then, per round, diagnostics after an edit, hover and completion.
 * Target (issue #17): each ≤ 100 ms after the first diagnostics.
 *
 *   npx tsc -b && node packages/bench/dist/lsp.js [--rounds 30] [--lines 5000] [--write]
 *
 * `--write` puts the tables in packages/bench/RESULTS.md, in the section "(f) Language server latency" (replaced if
 * there, else appended). A full `run.js` rewrites RESULTS.md without it: run this again after one.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { renderPayloadAsync } from "@zephyr/attentive";
import { compile, lint } from "@zephyr/zephyr";
import { parse } from "@zephyr/zephyr/internal";
import {
  createProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node.js";
import { fromRoot } from "./paths.js";
import { fmtMs, table } from "./report.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option("--rounds", 30);
const LINES = option("--lines", 5000);

/** Ten lines per block: assignments, an if/else, a loop, a comment, calls; the payload at the end reads some of them. */
export function bigTemplate(lines: number): string {
  const blocks: string[] = [];
  const n = Math.floor((lines - 8) / 10);
  for (let i = 0; i < n; i++) {
    blocks.push(
      `{v${i} = profile.vars.first_name + " " + ${i}}`,
      `{if profile.vars.loyalty_tier == "gold"}`,
      `{t${i} = upper(v${i})}`,
      "{else}",
      `{t${i} = lower(v${i})}`,
      "{/if}",
      `{foreach [1, 2, 3] as n${i}}{s${i} = n${i} * 2 + length(t${i})}{/foreach}`,
      `{* block ${i}: a comment line *}`,
      `{u${i} = substr(t${i}, 0, 3) + s${i}}`,
      `{w${i} = length(u${i})${i > 0 ? ` + w${i - 1}` : ""}}`,
    );
  }
  blocks.push(
    "{",
    '"to": "{profile.keys.sms}",',
    `"body": "Hi {t0}, {u${n - 1}} ({w${n - 1}})",`,
    '"subscriptionType": "MARKETING",',
    '"useShortLinks": false,',
    '"skipFatigue": false',
    "}",
  );
  return `${blocks.join("\n")}\n`;
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux; undefined elsewhere). Ticks of 10 ms:
 * the mean over the rounds is what it is good for.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** A process's resident memory in MB, from /proc (Linux; undefined elsewhere). */
function residentMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function main(): Promise<void> {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");
  const child = spawn(process.execPath, [fromRoot("packages/language-server/dist/bin.js"), "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    waiting.get(p.version ?? -1)?.(p);
  });
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: { debounceMs: 0 },
  });
  await connection.sendNotification("initialized", {});

  const uri = pathToFileURL(fromRoot("fixtures/project/templates/bench-5000.zephyr")).href;
  const text = bigTemplate(LINES);
  const lineCount = text.split("\n").length - 1;
  const diagnosticsOf = (version: number) =>
    new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));

  let t = performance.now();
  let pending = diagnosticsOf(1);
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "zephyr", version: 1, text },
  });
  const first = await pending;
  const firstMs = performance.now() - t;

  const diag: number[] = [];
  const full: number[] = [];
  const hover: number[] = [];
  const completion: number[] = [];
  const middle = Math.floor(lineCount / 2 / 10) * 10; // a block's first line
  // The edit: the number at the end of the block's first assignment (`{v250 = … + " " + 250}`) becomes another
  // number each round, so every version's text is new (an edit that leaves the text as it was could reuse the last
  // version's diagnostics and would measure nothing).
  const numberAt = text.split("\n")[middle].lastIndexOf("+ ") + 2;
  let numberLength = String(middle / 10).length;
  const serverCpu: number[] = [];
  /** Sends version `version` of the text: the number on the middle line replaced by `text`. */
  const replaceNumber = (version: number, text: string) =>
    connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: {
            start: { line: middle, character: numberAt },
            end: { line: middle, character: numberAt + numberLength },
          },
          text,
        },
      ],
    });
  for (let r = 0; r < ROUNDS; r++) {
    const version = r + 2;
    const number = String(1000 + r);
    pending = diagnosticsOf(version);
    const cpu0 = cpuMs(child.pid);
    t = performance.now();
    await replaceNumber(version, number);
    const published = await pending;
    diag.push(performance.now() - t);
    // The full run (compile, sample render, payload) may publish after the first diagnostics (two phases), or not at
    // all when its set is the same: code actions answer once it is done (they read its findings; asked for an empty
    // range at the start, they cost nothing more).
    const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    await connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: nowhere,
      context: { diagnostics: [] },
    });
    full.push(performance.now() - t);
    const cpu1 = cpuMs(child.pid);
    if (cpu0 !== undefined && cpu1 !== undefined) serverCpu.push(cpu1 - cpu0);
    numberLength = number.length;
    if (published.diagnostics.length !== first.diagnostics.length)
      throw new Error(`the edit changed the diagnostics: ${JSON.stringify(published.diagnostics)}`);

    t = performance.now();
    const h = (await connection.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: middle + 2, character: 8 + String(middle / 10).length },
    })) as { contents?: { value: string } } | null;
    hover.push(performance.now() - t);
    if (!h?.contents?.value.includes("upper(")) throw new Error(`hover did not find upper(): ${JSON.stringify(h)}`);

    t = performance.now();
    const items = (await connection.sendRequest("textDocument/completion", {
      textDocument: { uri },
      position: { line: lineCount - 5, character: 14 },
    })) as unknown[];
    completion.push(performance.now() - t);
    if (!Array.isArray(items) || items.length === 0) throw new Error("no completion items");
  }
  // While a tag is being written the text often does not parse: no quick phase, and the full run blanks the broken
  // tag out to lint and render the rest. Each round: the number followed by ` +` (a new text each round).
  const broken: number[] = [];
  for (let r = 0; r < Math.max(5, Math.floor(ROUNDS / 2)); r++) {
    const version = ROUNDS + 2 + r;
    const edit = `${2000 + r} +`;
    pending = diagnosticsOf(version);
    t = performance.now();
    await replaceNumber(version, edit);
    const published = await pending;
    broken.push(performance.now() - t);
    numberLength = edit.length;
    if (!published.diagnostics.some((d) => d.code === "ZE_SYNTAX"))
      throw new Error(`no syntax error reported: ${JSON.stringify(published.diagnostics)}`);
  }
  const rssMb = residentMb(child.pid);
  await connection.sendRequest("shutdown");
  await connection.sendNotification("exit");
  connection.dispose();

  const out: string[] = [];
  const print = (line: string) => {
    console.log(line);
    out.push(line);
  };
  print(
    `zephyr-language-server over stdio, ${lineCount}-line template (${text.length.toLocaleString("en-US")} characters), ` +
      `${first.diagnostics.length} diagnostics; ${ROUNDS} rounds; Node ${process.version}; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}); ` +
      `load average at start ${load}, at the end ${loadavg()
        .map((x) => x.toFixed(2))
        .join(", ")}` +
      (rssMb === undefined ? "" : `; the server's resident memory after the rounds ${rssMb.toFixed(0)} MB`) +
      "\n",
  );
  print(
    table({
      head: ["request", "median", "p95", "max"],
      rows: [
        ["first diagnostics (open: lex, parse, lint, render, validate)", fmtMs(firstMs), "", ""],
        [
          "diagnostics after an edit: first publication (syntax, lint; the last render's findings moved)",
          fmtMs(median(diag)),
          fmtMs(p95(diag)),
          fmtMs(Math.max(...diag)),
        ],
        [
          "diagnostics after an edit: the full set (+ compile, render, payload; code actions answered)",
          fmtMs(median(full)),
          fmtMs(p95(full)),
          fmtMs(Math.max(...full)),
        ],
        [
          "diagnostics after an edit that leaves a syntax error (one publication: the full run)",
          fmtMs(median(broken)),
          fmtMs(p95(broken)),
          fmtMs(Math.max(...broken)),
        ],
        ...(serverCpu.length
          ? [["  the server's CPU time per edit (mean; user + system, all threads)", fmtMs(mean(serverCpu)), "", ""]]
          : []),
        ["hover on upper(", fmtMs(median(hover)), fmtMs(p95(hover)), fmtMs(Math.max(...hover))],
        [
          "completion in the JSON body",
          fmtMs(median(completion)),
          fmtMs(p95(completion)),
          fmtMs(Math.max(...completion)),
        ],
      ],
    }),
  );

  // Where the diagnostics' time goes, in this process: the engine's steps on the same template, as the server runs
  // them (one parse: the compiled template's AST serves the lint).
  const profile = JSON.parse(readFileSync(fromRoot("fixtures/profiles/ann.json"), "utf8"));
  const steps: Record<string, number[]> = {
    "parse (lex + parse)": [],
    "compile (parse + plan + closures)": [],
    "lint (on the compiled AST)": [],
    "render + validate": [],
  };
  for (let r = 0; r < Math.max(5, Math.floor(ROUNDS / 2)); r++) {
    t = performance.now();
    parse(text);
    steps["parse (lex + parse)"].push(performance.now() - t);
    t = performance.now();
    const template = compile(text);
    steps["compile (parse + plan + closures)"].push(performance.now() - t);
    t = performance.now();
    lint(text, { ast: template.ast });
    steps["lint (on the compiled AST)"].push(performance.now() - t);
    t = performance.now();
    await renderPayloadAsync(template, { profile }, { now: "2024-03-15T12:00:00Z", endpoint: "text-send" });
    steps["render + validate"].push(performance.now() - t);
  }
  print("\nThe diagnostics' steps, in process (median):\n");
  print(
    table({
      head: ["step", "median"],
      rows: Object.entries(steps).map(([name, xs]) => [name, fmtMs(median(xs))]),
    }),
  );
  print(
    "\nAfter an edit the server publishes twice (packages/language-server README, Latency): first the quick diagnostics " +
      "(the edit's top-level nodes parsed again and spliced into the last tree, the lint on it, the last render's " +
      "findings moved), then the full set (compile, sample render, payload), which has the last word. The full set " +
      "compiles the quick phase's tree (the plan and the code, no second parse) and renders it; a text that does not " +
      "parse has no quick phase: its one run parses it, then renders it with the broken tag blanked out (that text's " +
      "tree rebuilt from the last one). Wall times on this shared machine grow with the load average; the server's " +
      "CPU time per edit is the figure to compare across runs.",
  );
  if (args.includes("--write")) writeSection(out.join("\n"));
}

const START = "<!-- lsp latency: written by packages/bench/dist/lsp.js --write -->";
const END = "<!-- /lsp latency -->";

function writeSection(body: string): void {
  const file = fromRoot("packages/bench/RESULTS.md");
  const text = readFileSync(file, "utf8");
  const section = `${START}\n## (f) Language server latency\n\n- date: ${new Date().toISOString()}\n- target (issue #17): each ≤ 100 ms after the first diagnostics\n\n${body}\n${END}`;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  const next =
    a >= 0 && b > a ? text.slice(0, a) + section + text.slice(b + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log("wrote the section to packages/bench/RESULTS.md");
}

await main();
