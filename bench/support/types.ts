/** One row of the benchmark table: a measured figure against a baseline measured in the same run. */
export interface ScenarioResult {
  name: string;
  /** The measured figure; null when the scenario could not run. */
  value: number | null;
  unit: string;
  /** What the value is compared with. */
  baseline: string;
  baselineValue: number | null;
  /** value / baselineValue. */
  ratio: number | null;
  /** The smallest acceptable ratio. */
  target: number;
  status: 'PASS' | 'MISS' | 'ERROR' | 'SKIP';
  /** p99 latency (ms) of the measured side and of the baseline, when there is a latency to report. */
  p99?: number;
  baselineP99?: number;
  notes: string[];
}

/** A throughput measurement: a load client's or a verify loop's (argon2, jose). */
export interface Throughput {
  /** Successful operations per second. */
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  durationS: number;
  statusCodes: Record<string, number>;
}

/** The figures of one timed run: `latencies` (ms) are the successful operations', in any order (sorted here). */
export function throughputOf(latencies: number[], failed: number, elapsedMs: number, statusCodes: Record<string, number>): Throughput {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rate: latencies.length / (elapsedMs / 1000), p50: at(0.5), p99: at(0.99), ok: latencies.length, failed, durationS: elapsedMs / 1000, statusCodes };
}

/** Builds a row, deriving the ratio and PASS/MISS; if either side saw failures the ratio means nothing: ERROR. */
export function compare(
  row: Pick<ScenarioResult, 'name' | 'unit' | 'baseline' | 'target'>,
  measured: Throughput,
  base: Throughput,
  notes: string[] = [],
): ScenarioResult {
  const ratio = base.rate > 0 ? measured.rate / base.rate : null;
  const all = [...notes, ...failureNotes('measured', measured), ...failureNotes('baseline', base)];
  const invalid = unusable(measured) || unusable(base);
  return {
    ...row,
    value: measured.rate,
    baselineValue: base.rate,
    ratio,
    status: invalid ? 'ERROR' : ratio !== null && ratio >= row.target ? 'PASS' : 'MISS',
    p99: measured.p99,
    baselineP99: base.p99,
    notes: all,
  };
}

// A handful of failures (a connection reset as a slice ends) is noise; above 0.5% the rate is not a throughput.
const unusable = (t: Throughput) => t.ok === 0 || t.failed > 0.005 * (t.ok + t.failed);

function failureNotes(side: string, t: Throughput): string[] {
  if (t.failed === 0) return [];
  const codes = Object.entries(t.statusCodes).map(([code, n]) => `${code}×${n}`).join(', ');
  return [`${side}: ${t.failed} failed of ${t.ok + t.failed} (status ${codes || 'none'})`];
}

export function skipped(row: Pick<ScenarioResult, 'name' | 'unit' | 'baseline' | 'target'>, status: 'ERROR' | 'SKIP', why: string): ScenarioResult {
  return { ...row, value: null, baselineValue: null, ratio: null, status, notes: [why] };
}
