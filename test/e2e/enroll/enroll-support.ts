import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import type { TestContext } from '../../support/test-context';

export const CLIENT = '/edge/client/v1';
export const MANAGEMENT = '/edge/management/v1';

/** A key pair and CSR made on the "device", as the CLI or an SDK would: the key never leaves the test. */
export function newCsr(cn = 'device'): { csrPem: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  csr.setSubject([{ name: 'commonName', value: cn }]);
  csr.sign(key, forge.md.sha256.create());
  return { csrPem: forge.pki.certificationRequestToPem(csr), keyPem: privateKey };
}

/** The CSR with one byte of its subject changed in the DER: well-formed, but the signature no longer matches. */
export function tamperedCsr(): string {
  const { csrPem } = newCsr('tamper-me');
  const der = Buffer.from(forge.pem.decode(csrPem)[0].body, 'binary');
  der.write('x', der.indexOf('tamper-me'), 'latin1');
  return forge.pem.encode({ type: 'CERTIFICATE REQUEST', body: der.toString('binary') });
}

/** An RFC 3339 instant `ms` after the controller's clock. */
export const inFuture = (t: TestContext, ms: number): string => new Date(t.clock.now().getTime() + ms).toISOString();

/** The identity detail's outstanding enrollment of `method` (token, jwt, id, expiresAt), read as an admin. */
export async function pendingEnrollment(t: TestContext, identityId: string, method: 'ott' | 'updb'): Promise<{ id: string; token: string; jwt: string; expiresAt: string }> {
  const res = await (await t.admin()).get(`${MANAGEMENT}/identities/${identityId}`);
  expect(res.status).toBe(200);
  const e = res.body.data.enrollment[method];
  expect(e).toBeDefined();
  return e;
}

/** `POST /enrollments` as the admin; returns the new enrollment's id and token. */
export async function createEnrollment(t: TestContext, body: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const admin = await t.admin();
  const res = await admin.post(`${MANAGEMENT}/enrollments`, body);
  expect(res.status).toBe(201);
  const detail = await admin.get(`${MANAGEMENT}/enrollments/${res.body.data.id}`);
  return { id: res.body.data.id, token: detail.body.data.token };
}
