import { performance } from 'node:perf_hooks';
import { type Throughput, throughputOf } from './types';

/**
 * How many times per second `op` completes with `concurrency` calls in flight, in this process, for
 * `durationS` seconds. `op` resolves true for a success; false counts as a failure. The baselines that are
 * not an HTTP server (argon2id verify, jose verify) are measured with it.
 */
export async function opRate(op: () => Promise<boolean>, concurrency: number, durationS: number): Promise<Throughput> {
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const end = start + durationS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      if (await op()) latencies.push(performance.now() - t);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return throughputOf(latencies, failed, performance.now() - start, {});
}
