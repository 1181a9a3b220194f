import { verifyRate } from '../support/argon2';
import type { BenchContext } from '../support/bench-context';
import type { RunningController } from '../support/controller';
import { type Side, interleave } from '../support/interleave';
import { LoadClient } from '../support/load';
import { type ScenarioResult, compare, skipped } from '../support/types';
import { CLIENT, login } from '../support/users';

export const LOGIN_ROW = { name: 'password logins', unit: 'logins/s', baseline: 'argon2id verify/s', target: 0.9 };

/**
 * POST /authenticate?method=password on `c`, `loginConcurrency` connections, each logging in as its own
 * user. Checks that one login works first (throws otherwise).
 */
export async function loginSide(ctx: BenchContext, c: RunningController): Promise<Side> {
  await login(c.url, c.ca, ctx.users[0]);
  const spec = {
    url: `${c.url}${CLIENT}/authenticate?method=password`,
    ca: c.ca,
    method: 'POST' as const,
    connections: ctx.settings.loginConcurrency,
    perConnection: (n: number) => ({ body: JSON.stringify(ctx.users[n % ctx.users.length]) }),
  };
  const client = new LoadClient(spec);
  return (d) => client.run(d);
}

/** Bare argon2id verifications of the users' hash at the same concurrency, in this process. */
export async function verifySide(ctx: BenchContext): Promise<Side> {
  const phc = await ctx.passwordHash();
  return (d) => verifyRate(phc, ctx.users[0].password, ctx.settings.loginConcurrency, d);
}

/**
 * Scenario 1: a password login costs one argon2id verification plus everything else (routing, validation,
 * lookups, the session insert). Baseline: the verifications alone, at the same concurrency.
 */
export async function passwordLogin(ctx: BenchContext): Promise<ScenarioResult> {
  let logins: Side;
  try {
    logins = await loginSide(ctx, ctx.controller);
  } catch (e) {
    return skipped(LOGIN_ROW, 'SKIP', (e as Error).message);
  }
  const { settings } = ctx;
  const slices = { warmupS: settings.warmupS, measuredWarmupS: settings.loginWarmupS, sliceS: settings.loginSliceS, rounds: settings.loginRounds };
  const pair = await interleave(slices, await verifySide(ctx), logins);
  ctx.figures['logins.empty'] = pair.measured;
  ctx.figures['argon2.verify'] = pair.baseline;
  return compare(LOGIN_ROW, pair.measured, pair.baseline, [`concurrency ${settings.loginConcurrency}, ${ctx.users.length} users, logins warmed up for ${settings.loginWarmupS} s`, ...pair.notes]);
}
