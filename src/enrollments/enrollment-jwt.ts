import { type KeyObject, createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EnrollmentMethod } from './enrollment.entity';

export interface EnrollmentJwtSigner {
  /** PEM private key of the API server's TLS certificate. */
  keyPem: string;
  /** SHA-1 fingerprint of that certificate (lowercase hex). */
  kid: string;
  /** `https://<advertised address>`, no trailing slash. */
  issuer: string;
}

export interface EnrollmentClaimsInput {
  identityId: string;
  method: EnrollmentMethod;
  token: string;
  expiresAt: Date;
}

const EC_ALGS: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/**
 * The enrollment JWT exactly as OpenZiti issues it (reference §7.1). It is signed with the key of the API
 * server's TLS certificate and `kid` names that certificate, because that is how an enrolling client decides
 * to trust it: it compares the JWT with the server certificate it sees over TLS, before it trusts any CA.
 * Claims: iss, sub, aud [""], exp, jti (= the token), em, ctrls (null: ztc runs no clustered controllers). No iat.
 */
export class EnrollmentJwtIssuer {
  private readonly key: KeyObject;
  private readonly alg: string;
  /** Signatures are deterministic for RS256 and the same claims give the same JWT, so recent ones are reused. */
  private readonly cache = new Map<string, string>();

  constructor(private readonly signer: EnrollmentJwtSigner) {
    this.key = createPrivateKey(signer.keyPem);
    const curve = this.key.asymmetricKeyDetails?.namedCurve;
    this.alg = this.key.asymmetricKeyType === 'rsa' ? 'RS256' : (EC_ALGS[curve ?? ''] ?? '');
    if (!this.alg) throw new Error(`cannot sign enrollment JWTs with a ${this.key.asymmetricKeyType} key`);
  }

  async sign(c: EnrollmentClaimsInput): Promise<string> {
    const cacheKey = `${c.identityId}\n${c.method}\n${c.token}\n${c.expiresAt.getTime()}`;
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const jwt = await new SignJWT({
      iss: this.signer.issuer,
      sub: c.identityId,
      aud: [''],
      exp: Math.floor(c.expiresAt.getTime() / 1000),
      jti: c.token,
      em: c.method,
      ctrls: null,
    })
      .setProtectedHeader({ alg: this.alg, kid: this.signer.kid, typ: 'JWT' })
      .sign(this.key);
    if (this.cache.size >= 1000) this.cache.clear();
    this.cache.set(cacheKey, jwt);
    return jwt;
  }
}
