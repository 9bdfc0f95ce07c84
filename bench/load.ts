/** Running a task many times at a fixed concurrency, and turning the timings into figures. */

import os from 'node:os';

export interface LoadResult {
  label: string;
  total: number;
  concurrency: number;
  errors: number;
  firstError?: string;
  seconds: number;
  /** Milliseconds per call, in completion order. */
  latencies: number[];
}

export async function runLoad(
  label: string,
  { total, concurrency }: { total: number; concurrency: number },
  task: (index: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      try {
        await task(index);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { label, total, concurrency, errors, firstError, seconds: (performance.now() - started) / 1000, latencies };
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** "1.2 0.9 0.7 on 2 cores": figures of two runs compare only at a like load. */
export function loadAverage(): string {
  return `${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.availableParallelism()} cores`;
}

export function table(headers: string[], rows: string[][], alignRight: boolean[] = []): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (alignRight[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function loadRows(results: LoadResult[]): string[][] {
  return results.map((r) => [
    r.label,
    String(r.total),
    String(r.concurrency),
    (r.total / r.seconds).toFixed(1),
    percentile(r.latencies, 50).toFixed(1),
    percentile(r.latencies, 95).toFixed(1),
    percentile(r.latencies, 99).toFixed(1),
    Math.max(...r.latencies).toFixed(1),
    String(r.errors),
  ]);
}

export const LOAD_HEADERS = ['measurement', 'n', 'conc', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'];
export const LOAD_ALIGN = [false, true, true, true, true, true, true, true, true];

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
