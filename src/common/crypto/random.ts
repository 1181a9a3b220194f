import { randomBytes, randomFillSync, randomInt } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Entity ids: 12 characters of [A-Za-z0-9] (~71 bits), URL-safe like OpenZiti's short ids. */
export function randomId(length = 12): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUM[randomInt(ALPHANUM.length)];
  return out;
}

/**
 * CSPRNG bytes drawn 4 KiB at a time: one synchronous `randomBytes` call costs a job object, an OpenSSL
 * DRBG status check and a getpid system call, a sizeable part of what issuing a session costs besides its
 * insert. (Node's own randomUUID and randomInt keep such a cache.) Each byte is handed out once and wiped
 * from the pool as it is.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** Bearer secrets (session tokens, enrollment tokens): 256 bits, base64url. */
export function randomToken(bytes = 32): string {
  if (bytes > POOL_BYTES / 8) return randomBytes(bytes).toString('base64url');
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const token = pool.toString('base64url', poolOffset, poolOffset + bytes);
  pool.fill(0, poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return token;
}
