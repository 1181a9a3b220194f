import { performance } from 'node:perf_hooks';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { BenchSettings } from './settings';
import type { Throughput } from './types';

/** An argon2id PHC string with the controller's parameters (as PasswordHasher produces it). */
export function hashPassword(password: string, params: BenchSettings['argon2']): Promise<string> {
  return hash(password, {
    algorithm: Algorithm.Argon2id,
    memoryCost: params.memoryKib,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
  });
}

/**
 * The floor under password logins: how many verifications per second this machine does with `concurrency`
 * of them in flight (they run on the libuv thread pool, so this keeps every core busy), in this process
 * while nothing else runs. A login cannot be cheaper than one verification.
 */
export async function verifyRate(phc: string, password: string, concurrency: number, durationS: number): Promise<Throughput> {
  const { latencies, failed, elapsedMs } = await loop(phc, password, concurrency, durationS * 1000);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    rate: latencies.length / (elapsedMs / 1000),
    p50: at(0.5),
    p99: at(0.99),
    ok: latencies.length,
    failed,
    durationS: elapsedMs / 1000,
    statusCodes: {},
  };
}

async function loop(phc: string, password: string, concurrency: number, ms: number) {
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const end = start + ms;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      if (await verify(phc, password)) latencies.push(performance.now() - t);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, failed, elapsedMs: performance.now() - start };
}
