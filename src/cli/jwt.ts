import { type KeyObject, constants, verify } from 'node:crypto';
import { CliError } from './command';

export interface DecodedJwt {
  header: { alg?: unknown; kid?: unknown; [k: string]: unknown };
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Splits and decodes a compact JWS without trusting anything in it yet. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new CliError('not a JWT (expected three dot-separated parts)');
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(claims)) throw new Error('not objects');
    return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    throw new CliError('not a JWT (header or claims are not base64url JSON objects)');
  }
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The algorithms an OpenZiti controller signs with (reference §7.1), and the key each one needs. */
const ALGS: Record<string, { hash: string; type: string; curve?: string; pss?: boolean }> = {
  RS256: { hash: 'sha256', type: 'rsa' },
  RS384: { hash: 'sha384', type: 'rsa' },
  RS512: { hash: 'sha512', type: 'rsa' },
  PS256: { hash: 'sha256', type: 'rsa', pss: true },
  PS384: { hash: 'sha384', type: 'rsa', pss: true },
  PS512: { hash: 'sha512', type: 'rsa', pss: true },
  ES256: { hash: 'sha256', type: 'ec', curve: 'prime256v1' },
  ES384: { hash: 'sha384', type: 'ec', curve: 'secp384r1' },
  ES512: { hash: 'sha512', type: 'ec', curve: 'secp521r1' },
};

/**
 * True when the signature verifies with `key` under the header's `alg`. The algorithm must be one we
 * list and must fit the key's type and curve, so `none` and algorithm-confusion tricks (an HMAC "signed"
 * with the public key) are simply false.
 */
export function jwtSignatureValid(jwt: DecodedJwt, key: KeyObject): boolean {
  const alg = typeof jwt.header.alg === 'string' && Object.hasOwn(ALGS, jwt.header.alg) ? ALGS[jwt.header.alg] : undefined;
  if (!alg || key.asymmetricKeyType !== alg.type) return false;
  if (alg.curve && key.asymmetricKeyDetails?.namedCurve !== alg.curve) return false;
  try {
    return verify(
      alg.hash,
      Buffer.from(jwt.signingInput),
      alg.type === 'ec'
        ? { key, dsaEncoding: 'ieee-p1363' }
        : alg.pss
          ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
          : key,
      jwt.signature,
    );
  } catch {
    return false;
  }
}
