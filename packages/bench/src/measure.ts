/** Interleaved timing windows: every contender runs a short window in turn, so machine drift hits all alike. */
import type { Ctx } from "./data.js";
import type { Render } from "./engines/engine.js";

export interface Contender {
  name: string;
  render: Render;
}

export interface Plan {
  windows: number;
  windowMs: number;
  warmupMs: number;
}

let sink = 0;
/** Output lengths summed, so no render can be optimised away; print it once at the end. */
export const blackhole = (): number => sink;

interface State {
  c: Contender;
  cursor: number;
  /** Renders between two clock reads, sized to about 0.25 ms. */
  batch: number;
  samples: number[];
}

/**
 * Ops/s of each contender in each window. Contenders run round-robin, the starting one rotating every window; each
 * cycles through `ctxs` from where it last stopped. Each is warmed up first, for `warmupMs`.
 */
export function interleave(contenders: Contender[], ctxs: Ctx[], plan: Plan): Map<string, number[]> {
  const states: State[] = contenders.map((c) => ({ c, cursor: 0, batch: 1, samples: [] }));
  for (const s of states) {
    const { ops, ns } = run(s, ctxs, ms(plan.warmupMs));
    s.batch = Math.max(1, Math.round(250_000 / (ns / ops)));
  }
  for (let w = 0; w < plan.windows; w++) {
    for (let k = 0; k < states.length; k++) {
      const s = states[(w + k) % states.length];
      const { ops, ns } = run(s, ctxs, ms(plan.windowMs));
      s.samples.push(ops / (ns / 1e9));
    }
  }
  return new Map(states.map((s) => [s.c.name, s.samples]));
}

const ms = (m: number): bigint => BigInt(Math.round(m * 1e6));

function run(s: State, ctxs: Ctx[], budget: bigint): { ops: number; ns: number } {
  const render = s.c.render;
  const n = ctxs.length;
  const batch = s.batch;
  let cursor = s.cursor;
  let ops = 0;
  let total = 0;
  const start = process.hrtime.bigint();
  const deadline = start + budget;
  let now = start;
  do {
    for (let i = 0; i < batch; i++) {
      total += render(ctxs[cursor]).length;
      if (++cursor === n) cursor = 0;
    }
    ops += batch;
    now = process.hrtime.bigint();
  } while (now < deadline);
  sink += total;
  s.cursor = cursor;
  return { ops, ns: Number(now - start) };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The median over windows of a[w] / b[w]: a ratio measured in the same window, so drift cancels. */
export function ratio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, w) => x / b[w]));
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
