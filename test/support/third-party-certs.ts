/**
 * Certificates and CRLs of an organisation's own PKI, for the third-party CA suites: leaves with SAN URIs
 * and emails (external-ID claims), proof-of-possession certificates, and CRLs signed by a CA (node-forge
 * builds no CRLs, so the DER is assembled here with forge's ASN.1 writer and signed with node:crypto).
 */
import { X509Certificate, sign } from 'node:crypto';
import forge from 'node-forge';
import type { CaMaterial } from '../../src/x509/ca';
import { sha1Fingerprint } from '../../src/x509/fingerprint';
import { randomSerialHex } from '../../src/x509/serial';
import { newKeyPem, type TestClientCert } from './client-certs';

const DAY = 86_400_000;

export interface LeafSpec {
  commonName?: string;
  uris?: string[];
  emails?: string[];
  /** Basic constraints CA: a certificate that must never be accepted as a client credential. */
  ca?: boolean;
}

/** A clientAuth leaf signed by `issuer`, with the given names; `serial` is node's (uppercase hex). */
export function issueNamedLeaf(issuer: CaMaterial, spec: LeafSpec = {}): TestClientCert & { serial: string } {
  const keyPem = newKeyPem();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const signer = forge.pki.certificateFromPem(issuer.certPem);
  const cert = forge.pki.createCertificate();
  cert.serialNumber = randomSerialHex();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY);
  cert.setSubject(spec.commonName === undefined ? [] : [{ name: 'commonName', value: spec.commonName }]);
  cert.setIssuer(signer.subject.attributes);
  const altNames = [...(spec.uris ?? []).map((value) => ({ type: 6, value })), ...(spec.emails ?? []).map((value) => ({ type: 1, value }))];
  cert.setExtensions([
    { name: 'basicConstraints', critical: true, cA: spec.ca ?? false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: spec.ca ?? false },
    { name: 'extKeyUsage', clientAuth: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  return { certPem, keyPem, fingerprint: sha1Fingerprint(certPem), serial: new X509Certificate(certPem).serialNumber };
}

export interface CrlSpec {
  /** Serials (hex, any case) to list as revoked. */
  revoked?: string[];
  thisUpdate?: Date;
  /** null: no nextUpdate field. */
  nextUpdate?: Date | null;
}

const { Class, Type } = forge.asn1;
const seq = (items: forge.asn1.Asn1[]) => forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
const utc = (d: Date) => forge.asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, forge.asn1.dateToUtcTime(d));
function integerOfHex(hex: string): forge.asn1.Asn1 {
  let h = hex.length % 2 ? `0${hex}` : hex;
  if (parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
  return forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(h));
}

/** A v2 CRL issued by `ca`, signed with SHA-256/RSA by `signedBy` (default: the CA's own key), as DER. */
export function buildCrl(ca: CaMaterial, spec: CrlSpec = {}, signedBy: CaMaterial = ca): Buffer {
  const algId = seq([forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(forge.pki.oids.sha256WithRSAEncryption).getBytes()), forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, '')]);
  const thisUpdate = spec.thisUpdate ?? new Date(Date.now() - 60_000);
  const nextUpdate = spec.nextUpdate === undefined ? new Date(Date.now() + 7 * DAY) : spec.nextUpdate;
  const revoked = spec.revoked ?? [];
  const tbs = seq([
    forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes('01')),
    algId,
    forge.pki.distinguishedNameToAsn1(forge.pki.certificateFromPem(ca.certPem).subject),
    utc(thisUpdate),
    ...(nextUpdate ? [utc(nextUpdate)] : []),
    ...(revoked.length > 0 ? [seq(revoked.map((s) => seq([integerOfHex(s.toLowerCase()), utc(thisUpdate)])))] : []),
  ]);
  const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, signedBy.keyPem);
  const bits = forge.asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\x00${signature.toString('binary')}`);
  return Buffer.from(forge.asn1.toDer(seq([tbs, algId, bits])).getBytes(), 'binary');
}

export const crlPem = (der: Buffer): string => `-----BEGIN X509 CRL-----\n${der.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END X509 CRL-----\n`;
