/**
 * Third-party CAs for the ottca and automatic-enrollment tests: an organisation's PKI (root + intermediate),
 * the CA row registered for it, and client certificates with the names external-ID claims read.
 */
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { CaEntity, type ExternalIdClaim } from '../../../src/cas/ca.entity';
import { serialHex } from '../../../src/cas/der';
import { randomId } from '../../../src/common/crypto/random';
import { type CaMaterial, createIntermediateCa, createRootCa } from '../../../src/x509/ca';
import { sha1Fingerprint } from '../../../src/x509/fingerprint';
import { randomSerialHex } from '../../../src/x509/serial';
import { newKeyPem, type TestClientCert } from '../../support/client-certs';
import type { TestContext } from '../../support/test-context';

const DAY = 86_400_000;

export interface OrgPki {
  root: CaMaterial;
  intermediate: CaMaterial;
}

/** An organisation's own PKI. The CA registered with the controller is usually its root. */
export function orgPki(name = `org-${randomId(6)}`): OrgPki {
  const root = createRootCa({ commonName: `${name} root`, validityDays: 30 });
  return { root, intermediate: createIntermediateCa(root, { commonName: `${name} intermediate`, validityDays: 30 }) };
}

export interface CaRowOptions {
  name?: string;
  isVerified?: boolean;
  isAutoCaEnrollmentEnabled?: boolean;
  isOttCaEnrollmentEnabled?: boolean;
  isAuthEnabled?: boolean;
  identityRoles?: string[];
  identityNameFormat?: string;
  externalIdClaim?: ExternalIdClaim | null;
  crlRevokedSerials?: string[] | null;
}

/**
 * Registers `certPem` as a third-party CA, written straight into the `cas` table: these tests are about
 * enrolling, and the CA management routes (create, proof of possession) are tested with them, not here.
 * Everything on by default: verified, ottca, automatic enrollment and login.
 */
export async function insertCa(t: TestContext, certPem: string, opts: CaRowOptions = {}): Promise<CaEntity> {
  const now = t.clock.now();
  const row = Object.assign(new CaEntity(), {
    id: randomId(),
    name: opts.name ?? `ca-${randomId(8)}`,
    fingerprint: sha1Fingerprint(certPem),
    certPem,
    isVerified: opts.isVerified ?? true,
    verificationToken: randomId(),
    isAutoCaEnrollmentEnabled: opts.isAutoCaEnrollmentEnabled ?? true,
    isOttCaEnrollmentEnabled: opts.isOttCaEnrollmentEnabled ?? true,
    isAuthEnabled: opts.isAuthEnabled ?? true,
    identityRoles: opts.identityRoles ?? [],
    identityNameFormat: opts.identityNameFormat ?? '[caName]-[commonName]',
    externalIdClaim: opts.externalIdClaim ?? null,
    // The verdict reads the parsed serials; the DER only has to be there (the CRL routes are tested elsewhere).
    crlDer: opts.crlRevokedSerials ? 'placeholder' : null,
    crlThisUpdate: null,
    crlNextUpdate: null,
    crlRevokedSerials: opts.crlRevokedSerials ?? null,
    tags: {},
    createdAt: now,
    updatedAt: now,
  });
  await t.handle.ctx.dataSource.getRepository(CaEntity).insert(row);
  return row;
}

export const updateCa = (t: TestContext, id: string, changes: Partial<CaEntity>) => t.handle.ctx.dataSource.getRepository(CaEntity).update({ id }, changes);
export const deleteCa = (t: TestContext, id: string) => t.handle.ctx.dataSource.getRepository(CaEntity).delete({ id });

export interface LeafOptions {
  commonName?: string;
  uris?: readonly string[];
  emails?: readonly string[];
  eku?: 'clientAuth' | 'serverAuth';
  notBefore?: Date;
  notAfter?: Date;
}

/** A client certificate from `issuer` (SANs as asked), with its chain helpers. */
export function issueLeaf(issuer: CaMaterial, opts: LeafOptions = {}): TestClientCert & { serial: string } {
  const keyPem = newKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 20 * DAY);
  // commonName '' gives a subject without any CN.
  cert.setSubject(opts.commonName === '' ? [{ name: 'organizationName', value: 'no common name' }] : [{ name: 'commonName', value: opts.commonName ?? 'device' }]);
  const signer = forge.pki.certificateFromPem(issuer.certPem);
  cert.setIssuer(signer.subject.attributes);
  const altNames = [...(opts.uris ?? []).map((value) => ({ type: 6, value })), ...(opts.emails ?? []).map((value) => ({ type: 1, value }))];
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', [opts.eku ?? 'clientAuth']: true },
    ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  return { certPem, keyPem, fingerprint: sha1Fingerprint(certPem), serial: crlSerial(certPem) };
}

/** A serial as the CA row keeps its CRL's revoked serials. */
export function crlSerial(certPem: string): string {
  return serialHex(new X509Certificate(certPem).serialNumber);
}
