import type { BenchContext } from '../support/bench-context';
import { startBareServer } from '../support/bare';
import type { RunningController } from '../support/controller';
import { call } from '../support/https';
import { type Side, interleave } from '../support/interleave';
import { LoadClient } from '../support/load';
import { type ScenarioResult, compare, skipped } from '../support/types';
import { CLIENT } from '../support/users';

export const ROUTE = `${CLIENT}/current-api-session`;
export const SESSION_ROW = { name: 'GET current-api-session', unit: 'req/s', baseline: 'bare Fastify req/s', target: 0.5 };

export interface GetTarget {
  side: Side;
  /** The body `c` answered, for the bare server to answer. */
  body: string;
  tokens: string[];
}

/** GET the route on `base`, `getConnections` keep-alive connections, each carrying one of `tokens`. */
const getSide = (ctx: BenchContext, base: string, ca: string[], tokens: string[]): Side => {
  const spec = {
    url: `${base}${ROUTE}`,
    ca,
    connections: ctx.settings.getConnections,
    perConnection: (n: number) => ({ headers: { 'zt-session': tokens[n % tokens.length] } }),
  };
  const client = new LoadClient(spec);
  return (d) => client.run(d);
};

/** GET /current-api-session on `c` with fresh sessions of the bench users; throws if a single GET fails. */
export async function sessionSide(ctx: BenchContext, c: RunningController): Promise<GetTarget> {
  const tokens = await ctx.tokens(c);
  const res = await call('GET', `${c.url}${ROUTE}`, c.ca, { headers: { 'zt-session': tokens[0] } });
  if (res.status !== 200) throw new Error(`GET ${ROUTE} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return { side: getSide(ctx, c.url, c.ca, tokens), body: res.text, tokens };
}

/**
 * Scenario 2: what resolving a zt-session on every request (guard, lookups, activity, mapping) costs on top
 * of HTTPS + Fastify. Baseline: a bare Fastify 5 server in its own process, same key, chain and TLS options,
 * answering the body the controller returned.
 */
export async function currentApiSession(ctx: BenchContext): Promise<ScenarioResult> {
  let target: GetTarget;
  try {
    target = await sessionSide(ctx, ctx.controller);
  } catch (e) {
    return skipped(SESSION_ROW, 'SKIP', (e as Error).message);
  }
  const bare = await startBareServer({ dir: ctx.dir, pkiDir: ctx.pkiDir, route: ROUTE, body: target.body });
  try {
    const pair = await interleave(ctx.settings, getSide(ctx, bare.url, ctx.controller.ca, target.tokens), target.side);
    ctx.figures['session.empty'] = pair.measured;
    ctx.figures['bareFastify'] = pair.baseline;
    const setup = `${ctx.settings.getConnections} connections, ${target.tokens.length} sessions, body ${target.body.length} B`;
    return compare(SESSION_ROW, pair.measured, pair.baseline, [setup, ...pair.notes]);
  } finally {
    await bare.child.stop();
  }
}
