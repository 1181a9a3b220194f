import type { BenchContext } from '../support/bench-context';
import { dbFile } from '../support/controller';
import { interleave } from '../support/interleave';
import { countSessions, seedDatabase } from '../support/seed';
import { type ScenarioResult, type Throughput, compare, skipped } from '../support/types';
import { certSide } from './cert-login';
import { sessionSide } from './current-api-session';
import { extJwtSide } from './ext-jwt-login';
import { loginSide } from './password-login';

const TARGET = 1 / 1.2;
export const LOADED_LOGIN_ROW = { name: 'password logins, loaded DB', unit: 'logins/s', baseline: 'empty-DB logins/s', target: TARGET };
const LOADED_SESSION_ROW = { name: 'GET current-api-session, loaded DB', unit: 'req/s', baseline: 'empty-DB req/s', target: TARGET };
const LOADED_EXT_JWT_ROW = { name: 'ext-jwt logins, loaded DB', unit: 'logins/s', baseline: 'empty-DB logins/s', target: TARGET };
const LOADED_CERT_ROW = { name: 'cert logins, loaded DB', unit: 'logins/s', baseline: 'empty-DB logins/s', target: TARGET };

/**
 * Scenario 5: scenarios 1 to 4 with `seedRows` identities, updb authenticators and live API sessions in the
 * database. Indexed lookups should keep the loaded figures within 1.2x of the empty-database ones.
 *
 * With the controller stopped, its data directory is copied and the copy seeded; then the controller is
 * restarted on its own (empty) data and a twin started on the loaded copy, and the two are measured in
 * alternating slices. Comparing with the figures of scenarios 1 to 4, taken minutes earlier, would mostly
 * measure how the speed of this shared VM moved in between; those raw ratios are in the notes.
 */
export async function loadedDatabase(ctx: BenchContext): Promise<ScenarioResult[]> {
  const earlier = {
    login: ctx.figures['logins.empty'],
    session: ctx.figures['session.empty'],
    extJwt: ctx.figures['extJwtLogins.empty'],
    cert: ctx.figures['certLogins.empty'],
  };
  if (!earlier.login && !earlier.session && !earlier.extJwt && !earlier.cert) {
    return [LOADED_LOGIN_ROW, LOADED_SESSION_ROW, LOADED_EXT_JWT_ROW, LOADED_CERT_ROW].map((row) => skipped(row, 'SKIP', 'scenarios 1 to 4 did not run'));
  }
  const rows = ctx.settings.seedRows;
  const passwordHash = await ctx.passwordHash();
  await ctx.stop();
  const loadedDir = ctx.copyData('data-loaded');
  const prefix = `seed-${ctx.runId}-`;
  const names = (i: number) => ({ name: `${prefix}${i}`, username: `${prefix}${i}` });
  const { ms } = seedDatabase(dbFile(loadedDir), { count: rows, names, passwordHash, sessions: true });
  const empty = await ctx.start();
  const loaded = await ctx.startOther(loadedDir);
  const seeded = `${rows} identities, authenticators and live sessions seeded in ${(ms / 1000).toFixed(1)} s`;

  const out: ScenarioResult[] = [];
  if (earlier.login) {
    const pair = await interleave(ctx.settings, await loginSide(ctx, empty), await loginSide(ctx, loaded));
    ctx.figures['logins.loaded'] = pair.measured;
    ctx.figures['logins.emptyTwin'] = pair.baseline;
    out.push(compare(LOADED_LOGIN_ROW, pair.measured, pair.baseline, [seeded, raw(pair.measured, earlier.login), ...pair.notes]));
  } else out.push(skipped(LOADED_LOGIN_ROW, 'SKIP', 'scenario 1 did not run'));
  if (earlier.session) {
    const pair = await interleave(ctx.settings, (await sessionSide(ctx, empty)).side, (await sessionSide(ctx, loaded)).side);
    ctx.figures['session.loaded'] = pair.measured;
    ctx.figures['session.emptyTwin'] = pair.baseline;
    out.push(compare(LOADED_SESSION_ROW, pair.measured, pair.baseline, [seeded, raw(pair.measured, earlier.session), ...pair.notes]));
  } else out.push(skipped(LOADED_SESSION_ROW, 'SKIP', 'scenario 2 did not run'));
  // The signer was registered before the data directory was copied, so both controllers know it.
  if (earlier.extJwt && ctx.extJwt) {
    const { tokens } = ctx.extJwt;
    const pair = await interleave(ctx.settings, await extJwtSide(ctx, empty, tokens), await extJwtSide(ctx, loaded, tokens));
    ctx.figures['extJwtLogins.loaded'] = pair.measured;
    ctx.figures['extJwtLogins.emptyTwin'] = pair.baseline;
    out.push(compare(LOADED_EXT_JWT_ROW, pair.measured, pair.baseline, [seeded, raw(pair.measured, earlier.extJwt), ...pair.notes]));
  } else out.push(skipped(LOADED_EXT_JWT_ROW, 'SKIP', 'scenario 3 did not run'));
  // Likewise the cert authenticators: both controllers know the bench users' certificates.
  if (earlier.cert && ctx.certs) {
    const { certs } = ctx;
    const pair = await interleave(ctx.settings, (await certSide(ctx, empty, certs)).side, (await certSide(ctx, loaded, certs)).side);
    ctx.figures['certLogins.loaded'] = pair.measured;
    ctx.figures['certLogins.emptyTwin'] = pair.baseline;
    out.push(compare(LOADED_CERT_ROW, pair.measured, pair.baseline, [seeded, raw(pair.measured, earlier.cert), ...pair.notes]));
  } else out.push(skipped(LOADED_CERT_ROW, 'SKIP', 'scenario 4 did not run'));
  // The seeded sessions must still be there (live, not swept as idle) for the figures to mean anything.
  // The twin holds its database exclusively while it runs: stop it first.
  await loaded.child.stop();
  const sessions = countSessions(dbFile(loadedDir), prefix);
  ctx.notes.push(`loaded database after scenario 5: ${sessions} of the ${rows} seeded API sessions still there`);
  if (sessions === rows) return out;
  return out.map((r) => (r.status === 'SKIP' ? r : { ...r, status: 'ERROR', notes: [...r.notes, `only ${sessions} of ${rows} seeded sessions survived`] }));
}

const raw = (loaded: Throughput, earlier: Throughput) =>
  `against the earlier scenario 1–4 figure instead: ${(loaded.rate / earlier.rate).toFixed(2)} (${loaded.rate.toFixed(1)} / ${earlier.rate.toFixed(1)})`;
