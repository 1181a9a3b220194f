import type { BenchSettings } from './settings';
import type { Throughput } from './types';

/** Runs one side of a comparison for `durationS` seconds. */
export type Side = (durationS: number) => Promise<Throughput>;

export interface Paired {
  measured: Throughput;
  baseline: Throughput;
  notes: string[];
}

/** How a comparison is sliced: the usual settings, or a row's own (password logins). */
export type Slices = Pick<BenchSettings, 'warmupS' | 'sliceS' | 'rounds'> & { measuredWarmupS?: number };

/**
 * Warms both sides up, then alternates short slices (baseline, measured, measured, baseline, ...) and adds
 * them up. The machine's speed drifts by tens of percent within seconds on a shared 2-core VM; alternating
 * slices puts the same drift on both sides, so their ratio holds still even when the raw figures do not.
 * With an even number of rounds the pattern is symmetric, so a steady drift cancels exactly.
 * `measuredWarmupS` gives the measured side a warm-up of its own length (see BenchSettings.loginWarmupS).
 */
export async function interleave(settings: Slices, baseline: Side, measured: Side): Promise<Paired> {
  const measuredWarmupS = settings.measuredWarmupS ?? settings.warmupS;
  if (settings.warmupS > 0) await baseline(settings.warmupS);
  if (measuredWarmupS > 0) await measured(measuredWarmupS);
  const b: Throughput[] = [];
  const m: Throughput[] = [];
  for (let r = 0; r < settings.rounds; r++) {
    if (r % 2 === 0) {
      b.push(await baseline(settings.sliceS));
      m.push(await measured(settings.sliceS));
    } else {
      m.push(await measured(settings.sliceS));
      b.push(await baseline(settings.sliceS));
    }
  }
  const notes = [`${settings.rounds} alternating slices of ${settings.sliceS} s per side`];
  const rates = b.map((t) => t.rate);
  const spread = (Math.max(...rates) - Math.min(...rates)) / Math.max(...rates, 1e-9);
  if (spread > 0.25) {
    notes.push(`baseline slices ranged ${Math.min(...rates).toFixed(1)}–${Math.max(...rates).toFixed(1)}/s: the machine's speed moved a lot, figures are noisy`);
  }
  return { measured: combine(m), baseline: combine(b), notes };
}

/** Slices added up: rates from the totals; p50/p99 are the mean of the slices' percentiles (an approximation). */
export function combine(slices: Throughput[]): Throughput {
  const sum = (f: (t: Throughput) => number) => slices.reduce((a, t) => a + f(t), 0);
  const statusCodes: Record<string, number> = {};
  for (const s of slices) for (const [k, v] of Object.entries(s.statusCodes)) statusCodes[k] = (statusCodes[k] ?? 0) + v;
  const durationS = sum((t) => t.durationS);
  const ok = sum((t) => t.ok);
  return {
    rate: durationS > 0 ? ok / durationS : 0,
    p50: sum((t) => t.p50) / slices.length,
    p99: sum((t) => t.p99) / slices.length,
    ok,
    failed: sum((t) => t.failed),
    durationS,
    statusCodes,
  };
}
