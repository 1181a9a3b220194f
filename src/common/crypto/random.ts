import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Entity ids: 12 characters of [A-Za-z0-9] (~71 bits), URL-safe like OpenZiti's short ids. */
export function randomId(length = 12): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUM[randomInt(ALPHANUM.length)];
  return out;
}

/** Bearer secrets (session tokens, enrollment tokens): 256 bits, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
