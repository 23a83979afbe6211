/** What a batch shows a person on standard error: a progress line on a terminal, and the summary at the end. */
import type { Style } from "../style.js";
import type { Tally } from "./state.js";

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export const count = (n: number) => n.toLocaleString("en-US");

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/**
 * A progress line, redrawn in place at most ten times a second: records done, the rate, and (for an input file
 * of known size) a bar, the percentage and an ETA from the bytes read so far.
 */
export class ProgressLine {
  private lastDraw = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly style: Style,
    private readonly started: number,
    /** Input size in bytes, when it is a file. */
    private readonly total: number | undefined,
  ) {}

  update(records: number, bytes: number): void {
    const now = performance.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const parts = [`${count(records)} records`, `${count(Math.round(records / Math.max(seconds, 1e-3)))}/s`];
    if (this.total) {
      const done = Math.min(bytes / this.total, 1);
      const filled = Math.round(done * BAR_WIDTH);
      const bar = `${this.style.green("█".repeat(filled))}${this.style.dim("░".repeat(BAR_WIDTH - filled))}`;
      const rate = bytes / Math.max(seconds, 1e-3);
      const left = (this.total - bytes) / rate;
      const eta = !(rate > 0) ? "?" : left < 60 ? `${Math.ceil(left)} s` : duration(left);
      parts.unshift(`${bar} ${(done * 100).toFixed(0).padStart(3)}%`);
      parts.push(`ETA ${eta}`);
    }
    this.stream.write(`\r${parts.join("  ")}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}

/** `read · written · rejected · cancelled · time · rate`, for the end of a run. */
export function summaryLine(total: Tally, seconds: number, perSecond: number, style: Style): string {
  const read = total.lines - total.blank;
  const parts = [
    `${count(read)} read`,
    style.green(`${count(total.written)} written`),
    total.rejected > 0 ? style.red(`${count(total.rejected)} rejected`) : "0 rejected",
    total.cancelled > 0 ? style.yellow(`${count(total.cancelled)} cancelled`) : "0 cancelled",
    duration(seconds),
    `${count(Math.round(perSecond))}/s`,
  ];
  return `zephyr batch: ${parts.join(" · ")}`;
}
