import type { BenchContext } from '../support/bench-context';
import { startBareServer } from '../support/bare';
import { type BenchClientCert, createCertAuthenticatorsViaApi, issueBenchClientCert, readIntermediate } from '../support/client-certs';
import type { RunningController } from '../support/controller';
import { call } from '../support/https';
import { type Side, interleave } from '../support/interleave';
import { newConnectionRate } from '../support/new-connections';
import { type MeteredSide, metered } from '../support/proc-cpu';
import { type ScenarioResult, compare, skipped } from '../support/types';
import { CLIENT, loginDetail } from '../support/users';

export const CERT_ROW = { name: 'cert logins', unit: 'logins/s', baseline: 'bare Fastify new-TLS req/s', target: 0.5 };
const PATH = `${CLIENT}/authenticate`;
const ROUTE = `${PATH}?method=cert`;

export interface CertTarget {
  side: Side;
  /** The body `c` answered to a cert login, for the bare server to answer. */
  body: string;
}

/** POST `{}` to the route on `base`, each request on a new TLS connection presenting the next user's certificate. */
const certLoop = (ctx: BenchContext, base: string, ca: string[], certs: BenchClientCert[]): Side => {
  const spec = { url: `${base}${ROUTE}`, ca, method: 'POST' as const, body: '{}', clients: certs };
  return (d) => newConnectionRate(spec, ctx.settings.loginConcurrency, d);
};

/**
 * POST /authenticate?method=cert on `c`, body `{}`, a new TLS connection per login presenting a bench user's
 * certificate chain (leaf + intermediate), `loginConcurrency` in flight. Checks that one login works first
 * (throws otherwise).
 */
export async function certSide(ctx: BenchContext, c: RunningController, certs: BenchClientCert[]): Promise<CertTarget> {
  const res = await call('POST', `${c.url}${ROUTE}`, c.ca, { body: {}, clientCert: certs[0] });
  if (res.status !== 200 || typeof res.headers['zt-session'] !== 'string') throw new Error(`POST ${ROUTE} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return { side: certLoop(ctx, c.url, c.ca, certs), body: res.text };
}

/**
 * One client certificate per bench user (RSA-2048, CN = user name, ClientAuth), issued from the controller's
 * intermediate and registered as a `cert` authenticator of the user's identity (whose id a password login
 * reports). Kept on the context for the loaded-database scenario.
 */
async function prepareCerts(ctx: BenchContext): Promise<{ certs: BenchClientCert[]; ms: number }> {
  const started = Date.now();
  const { url, ca } = ctx.controller;
  const issuer = readIntermediate(ctx.pkiDir);
  const certs: BenchClientCert[] = [];
  for (const u of ctx.users) certs.push(issueBenchClientCert(issuer, u.username, (await loginDetail(url, ca, u)).identityId));
  await createCertAuthenticatorsViaApi(url, ca, ctx.adminPassword, certs);
  ctx.certs = certs;
  return { certs, ms: Date.now() - started };
}

/**
 * Scenario 4: a cert login costs a full TLS handshake with a client certificate plus everything else
 * (verifying the chain again, the fingerprint lookup, the session insert, the authenticator update).
 * Baseline: the bare Fastify server of scenario 2, same key, chain and TLS options, answering the body the
 * controller returned, measured with the same client loop and certificates (a new connection per request).
 */
export async function certLogin(ctx: BenchContext): Promise<ScenarioResult> {
  let prepared: Awaited<ReturnType<typeof prepareCerts>>;
  let target: CertTarget;
  try {
    prepared = await prepareCerts(ctx);
    target = await certSide(ctx, ctx.controller, prepared.certs);
  } catch (e) {
    return skipped(CERT_ROW, 'SKIP', (e as Error).message);
  }
  const { certs, ms } = prepared;
  const bare = await startBareServer({ dir: ctx.dir, pkiDir: ctx.pkiDir, route: PATH, body: target.body, method: 'POST' });
  try {
    const base = metered(certLoop(ctx, bare.url, ctx.controller.ca, certs), bare.child.proc.pid);
    const logins = metered(target.side, ctx.controller.child.proc.pid);
    const pair = await interleave(ctx.settings, base.side, logins.side);
    ctx.figures['certLogins.empty'] = pair.measured;
    ctx.figures['bareFastify.newConnection'] = pair.baseline;
    const setup = `concurrency ${ctx.settings.loginConcurrency}, a new TLS connection per request, ${certs.length} users' RSA-2048 certificates (leaf + intermediate), body ${target.body.length} B`;
    const notes = [setup, `certificates issued and registered in ${(ms / 1000).toFixed(1)} s`, ...cpuNote(logins, base), ...pair.notes];
    return compare(CERT_ROW, pair.measured, pair.baseline, notes);
  } finally {
    await bare.child.stop();
  }
}

/**
 * The client's half of every handshake runs in this process, on the same cores, and costs the same on both
 * sides, which pulls the rate ratio towards 1. The servers' own CPU per request says what the controller adds.
 */
function cpuNote(logins: MeteredSide, base: MeteredSide): string[] {
  const m = logins.perRequest();
  const b = base.perRequest();
  if (!m || !b) return [];
  const ms = (x: number) => x.toFixed(2);
  return [
    `server CPU per request: controller ${ms(m.serverMs)} ms, bare Fastify ${ms(b.serverMs)} ms (bare / controller ${ms(b.serverMs / m.serverMs)}); ` +
      `the client loop (this process) spent ${ms(m.clientMs)} / ${ms(b.clientMs)} ms on the same cores, which brings the rate ratio nearer 1`,
  ];
}
