import { type KeyObject, X509Certificate, createPrivateKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { createRootCa } from '../../src/x509/ca';
import { call } from './https';
import { opRate } from './op-rate';
import type { Throughput } from './types';
import { HttpError, MANAGEMENT, login } from './users';

export const ISSUER = 'https://bench-idp.example';
export const AUDIENCE = 'ztc-bench';
export const KID = 'bench-key';
/** RS256, as most IdPs sign by default; the controller accepts it for an RSA key of 2048 bits or more. */
export const ALG = 'RS256';
/** Far longer than a whole run, so no token expires while it is measured. */
const TOKEN_LIFETIME_S = 3600;

/** The bench's stand-in for an identity provider: an RSA-2048 key and a self-signed certificate for it. */
export interface BenchSigner {
  certPem: string;
  privateKey: KeyObject;
  /** The certificate's public key, as the controller derives it from the signer's `certPem`. */
  publicKey: KeyObject;
}

/** The key pair and certificate of the repository's own root-CA generator (RSA-2048, self-signed). */
export function createBenchSigner(): BenchSigner {
  const { certPem, keyPem } = createRootCa({ commonName: 'ztc bench IdP' });
  return { certPem, privateKey: createPrivateKey(keyPem), publicKey: new X509Certificate(certPem).publicKey };
}

/** A token for the identity `sub`: `iss`, `aud`, `sub`, `iat`, `exp`, signed RS256 with kid `bench-key`. */
export function signToken(signer: BenchSigner, sub: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALG, kid: KID })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${TOKEN_LIFETIME_S}s`)
    .sign(signer.privateKey);
}

/**
 * Registers `signer` as an enabled certPem external JWT signer through the management API, as the bootstrap
 * admin; the signer's id, or an HttpError carrying the status and body.
 */
export async function createSignerViaApi(url: string, ca: string[], adminPassword: string, signer: BenchSigner, name: string): Promise<string> {
  const admin = await login(url, ca, { username: 'admin', password: adminPassword }, MANAGEMENT);
  const res = await call('POST', `${url}${MANAGEMENT}/external-jwt-signers`, ca, {
    headers: { 'zt-session': admin },
    body: { name, enabled: true, issuer: ISSUER, audience: AUDIENCE, certPem: signer.certPem, kid: KID },
  });
  if (res.status !== 201) throw new HttpError(`POST /external-jwt-signers answered ${res.status}: ${res.text.slice(0, 300)}`, res.status);
  return (res.json() as { data: { id: string } }).data.id;
}

/**
 * The floor under ext-jwt logins: `jose.jwtVerify` of the tokens (each call takes the next one in turn) with
 * `concurrency` in flight, in this process, with the key, issuer, audience and algorithm the controller
 * checks. jose verifies through WebCrypto, whose RSA verify runs on the libuv thread pool, so with several
 * in flight it uses every core, as the controller does.
 */
export function joseVerifyRate(tokens: string[], key: KeyObject, concurrency: number, durationS: number): Promise<Throughput> {
  let n = 0;
  const verifyOne = async (token: string) => {
    try {
      const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG] });
      return typeof payload.sub === 'string';
    } catch {
      return false;
    }
  };
  return opRate(() => verifyOne(tokens[n++ % tokens.length]), concurrency, durationS);
}
