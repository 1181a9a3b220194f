import { loadConfig } from '../../src/config/config.schema';

export interface BenchSettings {
  warmupS: number;
  /**
   * Warm-up of the password-login side. V8 optimises a function once it has run often enough; at ~130 logins/s
   * the login path takes tens of seconds to get there (its main-thread CPU per login falls by a third), while
   * the GET path, at thousands of requests/s, is there within the usual warm-up.
   */
  loginWarmupS: number;
  /** Length of one measured slice; baseline and measured side alternate `rounds` slices each. */
  sliceS: number;
  rounds: number;
  /**
   * Slices of the password-login row (scenario 1), longer and more of them than the others': it runs at
   * ~120 requests/s and sits close to its target, and adjacent 2-second slices of one run ranged 0.82–1.08.
   */
  loginSliceS: number;
  loginRounds: number;
  /** In-flight logins, and in-flight verifications of the argon2 baseline: the same, so the two compare. */
  loginConcurrency: number;
  /** Keep-alive connections for the GET comparisons. */
  getConnections: number;
  /** Distinct users logging in (and whose sessions the GET scenario uses). */
  benchUsers: number;
  /** Identities, authenticators and API sessions seeded for the loaded-database scenario. */
  seedRows: number;
  argon2: { memoryKib: number; iterations: number; parallelism: number };
  keepTmp: boolean;
  /** Scenarios to run (`BENCH_ONLY=login,session`); empty runs them all. */
  only: ScenarioKey[];
}

export const SCENARIO_KEYS = ['login', 'session', 'ext-jwt', 'cert', 'loaded'] as const;
export type ScenarioKey = (typeof SCENARIO_KEYS)[number];

function only(raw: string | undefined): ScenarioKey[] {
  if (!raw) return [];
  const keys = raw.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of keys) if (!(SCENARIO_KEYS as readonly string[]).includes(k)) throw new Error(`BENCH_ONLY: unknown scenario "${k}" (known: ${SCENARIO_KEYS.join(', ')})`);
  return keys as ScenarioKey[];
}

function num(env: NodeJS.ProcessEnv, key: string, def: number, min: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${key} must be a number ≥ ${min} (got "${raw}")`);
  return n;
}

/** Defaults keep the whole run near five and a half minutes on 2 cores; BENCH_* variables override them. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  // The controller's own parser, so the baseline hashes with exactly the parameters the controller will use.
  const { argon2 } = loadConfig({
    ZT_ARGON2_MEMORY_KIB: env.ZT_ARGON2_MEMORY_KIB,
    ZT_ARGON2_ITERATIONS: env.ZT_ARGON2_ITERATIONS,
    ZT_ARGON2_PARALLELISM: env.ZT_ARGON2_PARALLELISM,
  });
  return {
    warmupS: num(env, 'BENCH_WARMUP', 2, 0),
    loginWarmupS: num(env, 'BENCH_LOGIN_WARMUP', 45, 0),
    sliceS: num(env, 'BENCH_SLICE', 2, 1),
    rounds: num(env, 'BENCH_ROUNDS', 6, 1),
    loginSliceS: num(env, 'BENCH_LOGIN_SLICE', 3, 1),
    loginRounds: num(env, 'BENCH_LOGIN_ROUNDS', 10, 1),
    loginConcurrency: num(env, 'BENCH_LOGIN_CONCURRENCY', 8, 1),
    getConnections: num(env, 'BENCH_CONNECTIONS', 50, 1),
    benchUsers: num(env, 'BENCH_USERS', 8, 1),
    seedRows: num(env, 'BENCH_SEED_ROWS', 100_000, 0),
    argon2,
    keepTmp: env.BENCH_KEEP_TMP === '1',
    only: only(env.BENCH_ONLY),
  };
}
