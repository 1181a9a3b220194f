import { Algorithm, hash, verify } from '@node-rs/argon2';
import { opRate } from './op-rate';
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
export function verifyRate(phc: string, password: string, concurrency: number, durationS: number): Promise<Throughput> {
  return opRate(() => verify(phc, password), concurrency, durationS);
}
