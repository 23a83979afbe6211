/** Formatting: Markdown tables (readable in a terminal too) and machine facts. */
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { fromRoot } from "./paths.js";

export interface Table {
  head: string[];
  rows: string[][];
}

export function table({ head, rows }: Table): string {
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join(" | ")} |`;
  const rule = `|${width.map((w, c) => (c === 0 ? `-${"-".repeat(w)}-` : `-${"-".repeat(w)}:`)).join("|")}|`;
  return [line(head), rule, ...rows.map(line)].join("\n");
}

export function fmtOps(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}
export const fmtX = (x: number): string => `×${x < 0.1 ? x.toFixed(3) : x.toFixed(2)}`;
export const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const fmtMB = (mb: number): string => `${mb.toFixed(0)} MB`;

const version = (pkg: string): string => {
  try {
    return (
      JSON.parse(readFileSync(fromRoot(`packages/bench/node_modules/${pkg}/package.json`), "utf8")) as {
        version: string;
      }
    ).version;
  } catch {
    return "?";
  }
};

export function machine(): string[] {
  const cpu = cpus();
  const load = loadavg();
  const busy = load[0] > cpu.length ? " (above the core count: other processes were competing for the CPU)" : "";
  return [
    `- date: ${new Date().toISOString()}`,
    `- CPU: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Linux ${release()}`,
    `- Node ${process.version}; load average at start ${load.map((x) => x.toFixed(2)).join(", ")}${busy}`,
    `- engines: ${["liquidjs", "handlebars", "eta", "mustache", "nunjucks"].map((p) => `${p} ${version(p)}`).join(", ")}; zephyr from packages/zephyr/dist`,
  ];
}
