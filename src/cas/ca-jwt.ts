import { type KeyObject, createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';

const EC_ALGS: Record<string, string> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };

/**
 * The CA enrollment JWT (reference §4.4): what a device needs to enroll with a certificate of this CA
 * (`ztc enroll --ca`, or an SDK). Signed like the identity enrollment JWT, with the API server's TLS key and
 * `kid` = that certificate's fingerprint, so a client can check it against the server it connects to.
 * Claims as OpenZiti sends them: em "ca", aud ["openziti-enroller"], iss with a trailing slash (unlike the
 * identity JWT), sub = jti = the CA id, no exp and no iat (the JWT names the CA; it grants nothing).
 */
export class CaJwtIssuer {
  private readonly key: KeyObject;
  private readonly alg: string;

  constructor(private readonly signer: { keyPem: string; kid: string; advertisedAddress: string }) {
    this.key = createPrivateKey(signer.keyPem);
    const curve = this.key.asymmetricKeyDetails?.namedCurve;
    this.alg = this.key.asymmetricKeyType === 'rsa' ? 'RS256' : (EC_ALGS[curve ?? ''] ?? '');
    if (!this.alg) throw new Error(`cannot sign CA JWTs with a ${this.key.asymmetricKeyType} key`);
  }

  sign(caId: string): Promise<string> {
    return new SignJWT({ iss: `https://${this.signer.advertisedAddress}/`, sub: caId, aud: ['openziti-enroller'], jti: caId, em: 'ca' })
      .setProtectedHeader({ alg: this.alg, kid: this.signer.kid, typ: 'JWT' })
      .sign(this.key);
  }
}
