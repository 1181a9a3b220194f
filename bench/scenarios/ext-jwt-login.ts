import type { BenchContext } from '../support/bench-context';
import type { RunningController } from '../support/controller';
import { createBenchSigner, createSignerViaApi, joseVerifyRate, signToken } from '../support/ext-jwt';
import { call } from '../support/https';
import { type Side, interleave } from '../support/interleave';
import { LoadClient } from '../support/load';
import { type ScenarioResult, compare, skipped } from '../support/types';
import { CLIENT, loginDetail } from '../support/users';

export const EXT_JWT_ROW = { name: 'ext-jwt logins', unit: 'logins/s', baseline: 'jose verify/s', target: 0.5 };
const ROUTE = `${CLIENT}/authenticate?method=ext-jwt`;

/**
 * POST /authenticate?method=ext-jwt on `c` with an empty JSON body, `loginConcurrency` connections, each
 * carrying the bearer token of its own user. Checks that one login works first (throws otherwise).
 */
export async function extJwtSide(ctx: BenchContext, c: RunningController, tokens: string[]): Promise<Side> {
  const res = await call('POST', `${c.url}${ROUTE}`, c.ca, { headers: { authorization: `Bearer ${tokens[0]}` }, body: {} });
  if (res.status !== 200 || typeof res.headers['zt-session'] !== 'string') throw new Error(`POST ${ROUTE} answered ${res.status}: ${res.text.slice(0, 300)}`);
  const spec = {
    url: `${c.url}${ROUTE}`,
    ca: c.ca,
    method: 'POST' as const,
    connections: ctx.settings.loginConcurrency,
    perConnection: (n: number) => ({ headers: { authorization: `Bearer ${tokens[n % tokens.length]}` }, body: '{}' }),
  };
  const client = new LoadClient(spec);
  return (d) => client.run(d);
}

/**
 * Registers an RS256 certPem signer in the running controller and signs one token per bench user (`sub`:
 * the identity id, which a password login reports). Kept on the context for the loaded-database scenario.
 */
async function prepareSigner(ctx: BenchContext): Promise<NonNullable<BenchContext['extJwt']> & { ms: number }> {
  const started = Date.now();
  const { url, ca } = ctx.controller;
  const signer = createBenchSigner();
  await createSignerViaApi(url, ca, ctx.adminPassword, signer, `bench-idp-${ctx.runId}`);
  const tokens: string[] = [];
  for (const u of ctx.users) tokens.push(await signToken(signer, (await loginDetail(url, ca, u)).identityId));
  ctx.extJwt = { signer, tokens };
  return { signer, tokens, ms: Date.now() - started };
}

/**
 * Scenario 3: an ext-jwt login costs one JWT signature verification plus everything else (routing, the signer
 * and identity lookups, the session insert, TLS). Baseline: `jose.jwtVerify` of the same tokens with the
 * same key, issuer, audience and algorithm, at the same concurrency, in the bench process.
 */
export async function extJwtLogin(ctx: BenchContext): Promise<ScenarioResult> {
  let prepared: Awaited<ReturnType<typeof prepareSigner>>;
  let logins: Side;
  try {
    prepared = await prepareSigner(ctx);
    logins = await extJwtSide(ctx, ctx.controller, prepared.tokens);
  } catch (e) {
    return skipped(EXT_JWT_ROW, 'SKIP', (e as Error).message);
  }
  const { signer, tokens, ms } = prepared;
  const verifies: Side = (d) => joseVerifyRate(tokens, signer.publicKey, ctx.settings.loginConcurrency, d);
  const pair = await interleave(ctx.settings, verifies, logins);
  ctx.figures['extJwtLogins.empty'] = pair.measured;
  ctx.figures['jose.verify'] = pair.baseline;
  const setup = `RS256, RSA-2048 certPem signer; signer and ${tokens.length} tokens set up in ${(ms / 1000).toFixed(1)} s`;
  return compare(EXT_JWT_ROW, pair.measured, pair.baseline, [`concurrency ${ctx.settings.loginConcurrency}, ${ctx.users.length} users`, setup, ...pair.notes]);
}
