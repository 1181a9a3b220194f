/**
 * Client certificates for tests, issued with node-forge straight from a CA's key: every shape a test
 * needs (expired, without ClientAuth, self-signed, from a stranger's CA), including ones our own
 * issuers would refuse to produce.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import type { CaMaterial } from '../../src/x509/ca';
import { createIntermediateCa, createRootCa } from '../../src/x509/ca';
import { sha1Fingerprint } from '../../src/x509/fingerprint';
import { randomSerialHex } from '../../src/x509/serial';
import { createIdentityViaApi } from '../factories/identity.factory';
import type { TestContext } from './test-context';

const DAY = 86_400_000;

export interface TestClientCert {
  certPem: string;
  keyPem: string;
  /** OpenZiti's authenticator fingerprint of the leaf. */
  fingerprint: string;
}

export interface ClientCertOptions {
  commonName?: string;
  /** Extended key usage: ClientAuth (default), ServerAuth only, or no EKU extension at all. */
  eku?: 'clientAuth' | 'serverAuth' | 'none';
  notBefore?: Date;
  notAfter?: Date;
  /** Reuse a key (PKCS#8 PEM), e.g. to renew without rolling it. */
  keyPem?: string;
}

export function newKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
}

/** A leaf certificate signed by `issuer`, or self-signed when `issuer` is `'self'`. */
export function issueClientCert(issuer: CaMaterial | 'self', opts: ClientCertOptions = {}): TestClientCert {
  const keyPem = opts.keyPem ?? newKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // A minute back, not more: the management API judges the chain at notBefore, when a fresh test PKI
  // (back-dated five minutes) must already have existed.
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 30 * DAY);
  const subject = [{ name: 'commonName', value: opts.commonName ?? 'test client' }];
  cert.setSubject(subject);
  const signer = issuer === 'self' ? undefined : forge.pki.certificateFromPem(issuer.certPem);
  cert.setIssuer(signer ? signer.subject.attributes : subject);
  const eku = opts.eku ?? 'clientAuth';
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    ...(eku === 'none' ? [] : [{ name: 'extKeyUsage', [eku]: true }]),
    { name: 'subjectKeyIdentifier' },
    ...(signer ? [{ name: 'authorityKeyIdentifier', keyIdentifier: keyIdentifierOf(signer) }] : []),
  ]);
  const signingKey = issuer === 'self' ? key : (forge.pki.privateKeyFromPem(issuer.keyPem) as forge.pki.rsa.PrivateKey);
  cert.sign(signingKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  return { certPem, keyPem, fingerprint: sha1Fingerprint(certPem) };
}

/** The issuer's own SKI, so the AKI matches it byte for byte. */
function keyIdentifierOf(signer: forge.pki.Certificate): string {
  const ski = signer.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null;
  return ski?.subjectKeyIdentifier ? forge.util.hexToBytes(ski.subjectKeyIdentifier) : signer.generateSubjectKeyIdentifier().getBytes();
}

/** A root and an intermediate nobody trusts (an attacker's own PKI). */
export function strangerPki(name = 'stranger'): { root: CaMaterial; intermediate: CaMaterial } {
  const root = createRootCa({ commonName: `${name} root`, validityDays: 30 });
  return { root, intermediate: createIntermediateCa(root, { commonName: `${name} intermediate`, validityDays: 30 }) };
}

/** A PKCS#10 CSR (SHA-256) for `keyPem`. */
export function createCsr(keyPem: string, commonName = 'test client'): string {
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ name: 'commonName', value: commonName }]);
  csr.sign(key, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

export interface CertUser {
  identityId: string;
  authenticatorId: string;
  cert: TestClientCert;
  /** Leaf + our intermediate: what a well-behaved client presents. */
  chainPem: string;
}

/**
 * An identity (through `POST /identities`) with a `cert` authenticator (through `POST /authenticators`)
 * for a client certificate issued by the controller's own intermediate.
 */
export async function createCertUser(t: TestContext, opts: ClientCertOptions & { identity?: Record<string, unknown> } = {}): Promise<CertUser> {
  const { identity, ...certOpts } = opts;
  const { intermediate } = t.handle.ctx.pki;
  const cert = issueClientCert(intermediate, certOpts);
  const { id: identityId } = await createIdentityViaApi(t, identity);
  const res = await (await t.admin()).post('/edge/management/v1/authenticators', { method: 'cert', identityId, certPem: cert.certPem });
  if (res.status !== 201) throw new Error(`cert authenticator create failed: ${res.status} ${res.text}`);
  return { identityId, authenticatorId: res.body.data.id, cert, chainPem: cert.certPem + intermediate.certPem };
}
