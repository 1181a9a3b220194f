import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import type { CaMaterial } from '../../src/x509/ca';
import { signClientCsr } from '../../src/x509/csr';
import { call } from './https';
import { HttpError, MANAGEMENT, login } from './users';

/** Long enough for any run; the controller judges the chain at notBefore, the auth policy the dates. */
const VALIDITY_DAYS = 1;
/** SPIFFE trust domain of the bench certificates' SAN; the cert login matches on the fingerprint only. */
const TRUST_DOMAIN = 'localhost';

/** A bench user's client certificate, issued by the controller's own intermediate. */
export interface BenchClientCert {
  username: string;
  identityId: string;
  /** The leaf alone: what `POST /authenticators` takes. */
  certPem: string;
  /** Leaf then intermediate: what the client presents in its handshake. */
  chainPem: string;
  /** PKCS#8 PEM of the leaf's RSA-2048 key. */
  keyPem: string;
}

/** The controller's signing intermediate, from the run's PKI directory (written by the controller's first start). */
export function readIntermediate(pkiDir: string): CaMaterial {
  const read = (f: string) => readFileSync(join(pkiDir, f), 'utf8');
  return { certPem: read('intermediate.cert.pem'), keyPem: read('intermediate.key.pem') };
}

/**
 * An RSA-2048 key (node's native keygen; forge's is far slower), a SHA-256 PKCS#10 request for it with
 * subject CN = `username` built with node-forge, signed by the repository's own `signClientCsr`: ClientAuth
 * only, the CSR's subject, SAN `spiffe://localhost/identity/<identityId>`.
 */
export function issueBenchClientCert(issuer: CaMaterial, username: string, identityId: string): BenchClientCert {
  const { privateKey: keyPem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ name: 'commonName', value: username }]);
  csr.sign(key, forge.md.sha256.create());
  const signed = signClientCsr(issuer, forge.pki.certificationRequestToPem(csr), { identityId, trustDomain: TRUST_DOMAIN, validityDays: VALIDITY_DAYS });
  return { username, identityId, certPem: signed.certPem, chainPem: signed.chainPem, keyPem };
}

/**
 * Registers each certificate as a `cert` authenticator of its identity through the management API, as the
 * bootstrap admin (`POST /authenticators`: method, identityId, certPem); an HttpError carrying the status
 * and body when one is refused.
 */
export async function createCertAuthenticatorsViaApi(url: string, ca: string[], adminPassword: string, certs: BenchClientCert[]): Promise<void> {
  const admin = await login(url, ca, { username: 'admin', password: adminPassword }, MANAGEMENT);
  for (const c of certs) {
    const res = await call('POST', `${url}${MANAGEMENT}/authenticators`, ca, {
      headers: { 'zt-session': admin },
      body: { method: 'cert', identityId: c.identityId, certPem: c.certPem },
    });
    if (res.status !== 201) throw new HttpError(`POST /authenticators (cert, ${c.username}) answered ${res.status}: ${res.text.slice(0, 300)}`, res.status);
  }
}
