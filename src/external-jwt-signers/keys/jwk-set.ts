import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { algorithmsFor } from './key-algorithms';

export interface VerificationKey {
  key: KeyObject;
  algorithms: string[];
}

/**
 * The verification keys of a JWKS document, by kid. A key's `x5c[0]` certificate is preferred over its
 * JWK parameters (OpenZiti does the same); encryption keys, keys without a kid and keys of an unusable
 * type are skipped rather than failing the whole set.
 */
export function parseJwks(doc: unknown): Map<string, VerificationKey> {
  const keys = new Map<string, VerificationKey>();
  const list = (doc as { keys?: unknown })?.keys;
  if (!Array.isArray(list)) throw new Error('not a JWKS document (no "keys" array)');
  for (const jwk of list as Record<string, unknown>[]) {
    if (!jwk || typeof jwk !== 'object' || typeof jwk.kid !== 'string' || jwk.use === 'enc') continue;
    try {
      const x5c = Array.isArray(jwk.x5c) && typeof jwk.x5c[0] === 'string' ? jwk.x5c[0] : undefined;
      const key = x5c ? new X509Certificate(Buffer.from(x5c, 'base64')).publicKey : createPublicKey({ key: publicPart(jwk), format: 'jwk' });
      if (key.type !== 'public') continue;
      const algorithms = algorithmsFor(key, typeof jwk.alg === 'string' ? jwk.alg : undefined);
      if (algorithms.length > 0) keys.set(jwk.kid, { key, algorithms });
    } catch {
      // one unusable key does not poison the rest of the set
    }
  }
  return keys;
}

/** Only the public members: a JWKS that (wrongly) publishes private parts must not yield a private key. */
function publicPart(jwk: Record<string, unknown>): import('node:crypto').JsonWebKey {
  const { kty, crv, n, e, x, y } = jwk as Record<string, string>;
  return Object.fromEntries(Object.entries({ kty, crv, n, e, x, y }).filter(([, v]) => v !== undefined)) as import('node:crypto').JsonWebKey;
}

/** A certificate's public key as a verification key. */
export function certificateKey(certPem: string): VerificationKey {
  const key = new X509Certificate(certPem).publicKey;
  return { key, algorithms: algorithmsFor(key) };
}
