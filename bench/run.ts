// `npm run bench`: every scenario, a table of ratios against baselines measured in the same run, and the raw
// figures in dist/bench-results.json. Never part of `npm test`. See bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CERT_ROW, certLogin } from './scenarios/cert-login';
import { SESSION_ROW, currentApiSession } from './scenarios/current-api-session';
import { EXT_JWT_ROW, extJwtLogin } from './scenarios/ext-jwt-login';
import { LOADED_LOGIN_ROW, loadedDatabase } from './scenarios/loaded-database';
import { LOGIN_ROW, passwordLogin } from './scenarios/password-login';
import { BenchContext } from './support/bench-context';
import { ROOT } from './support/controller';
import { type ScenarioKey, loadSettings } from './support/settings';
import { renderTable } from './support/table';
import { type ScenarioResult, skipped } from './support/types';

const RESULTS = join(ROOT, 'dist', 'bench-results.json');
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

async function guarded(label: string, row: Parameters<typeof skipped>[0], fn: () => Promise<ScenarioResult | ScenarioResult[]>): Promise<ScenarioResult[]> {
  log(`${label}...`);
  try {
    const out = await fn();
    return Array.isArray(out) ? out : [out];
  } catch (e) {
    return [skipped({ ...row, name: label }, 'ERROR', (e as Error).stack ?? String(e))];
  }
}

/** Share of CPU time not idle over `ms`, across all cores (the load average would still count our last run). */
async function busyFraction(ms: number): Promise<number> {
  const snap = () => cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + Object.values(c.times).reduce((x, y) => x + y, 0) }), { idle: 0, total: 0 });
  const a = snap();
  await new Promise((r) => setTimeout(r, ms));
  const b = snap();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

async function main(): Promise<number> {
  const settings = loadSettings();
  const ctx = new BenchContext(settings);
  const started = new Date();
  const rows: ScenarioResult[] = [];
  // Both sides of every ratio share the cores with whatever else runs: say so when something else does.
  const busyAtStart = await busyFraction(1000);
  if (busyAtStart > 0.2) ctx.notes.push(`the CPUs were ${Math.round(busyAtStart * 100)}% busy before the run: figures are noisier`);
  const stop = () => void ctx.close(2000).finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    log(`temp dir ${ctx.dir}; starting the controller`);
    await ctx.start();
    await ctx.prepareUsers();
    const wanted = (k: ScenarioKey) => settings.only.length === 0 || settings.only.includes(k);
    if (wanted('login')) rows.push(...(await guarded('password logins', LOGIN_ROW, () => passwordLogin(ctx))));
    if (wanted('session')) rows.push(...(await guarded('GET current-api-session', SESSION_ROW, () => currentApiSession(ctx))));
    if (wanted('ext-jwt')) rows.push(...(await guarded('ext-jwt logins', EXT_JWT_ROW, () => extJwtLogin(ctx))));
    if (wanted('cert')) rows.push(...(await guarded('cert logins', CERT_ROW, () => certLogin(ctx))));
    if (wanted('loaded')) rows.push(...(await guarded(`loaded database (${settings.seedRows} rows)`, LOADED_LOGIN_ROW, () => loadedDatabase(ctx))));
  } catch (e) {
    rows.push(skipped({ ...LOGIN_ROW, name: 'set-up' }, 'ERROR', (e as Error).stack ?? String(e)));
  } finally {
    await ctx.close();
  }
  const report = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuBusyBeforeRun: busyAtStart,
    settings,
    notes: ctx.notes,
    results: rows,
    measurements: ctx.figures,
  };
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  const out = [renderTable(rows), ...ctx.notes.map((n) => `Note: ${n}`), '', JSON.stringify(report, null, 2)];
  process.stdout.write(`\n${out.join('\n')}\n`);
  const count = (s: ScenarioResult['status']) => rows.filter((r) => r.status === s).length;
  log(`${count('PASS')} PASS, ${count('MISS')} MISS, ${count('SKIP')} SKIP, ${count('ERROR')} ERROR; written to ${RESULTS}`);
  // MISS is a finding, not a harness failure; ERROR means a figure could not be produced.
  return count('ERROR') > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`failed: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
