/** Time and summary helpers shared by the bench's processes. */

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function clock(): number {
  return performance.timeOrigin + performance.now();
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
