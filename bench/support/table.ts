import type { ScenarioResult } from './types';

const fmt = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '-' : n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);

/** The human-readable report: one line per scenario, then the notes. */
export function renderTable(rows: ScenarioResult[]): string {
  const header = ['Scenario', 'Value', 'Baseline', 'Ratio', 'Target', 'Result', 'p99 ms (value / baseline)'];
  const lines = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    `${fmt(r.baselineValue)} ${r.baseline}`,
    fmt(r.ratio, 2),
    `≥ ${r.target.toFixed(2)}`,
    r.status,
    r.p99 === undefined ? '-' : `${fmt(r.p99)} / ${fmt(r.baselineP99)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)];
  const notes = rows.flatMap((r) => r.notes.map((n) => `  ${r.name}: ${n}`));
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}
