import { type KeyObject, X509Certificate, createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import forge from 'node-forge';
import type { CaMaterial } from './forge-cert';
import { sha1Fingerprint } from './fingerprint';
import { derToPem, splitPemCertificates } from './pem';
import { randomSerialHex } from './serial';

/** The CSR cannot be used: not PEM/DER, malformed, an unsupported key, or a signature that does not verify. */
export class CsrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsrError';
  }
}

export interface ClientCertOptions {
  identityId: string;
  trustDomain: string;
  validityDays: number;
  now?: Date;
}

export interface SignedClientCert {
  certPem: string;
  /** Leaf then the issuing intermediate: what a client presents in its TLS handshake. */
  chainPem: string;
  /** OpenZiti's form: SHA-1 over the leaf's DER, lowercase hex. */
  fingerprint: string;
}

/**
 * Signs an enrollment CSR as a client certificate (reference §7.3): subject copied from the CSR, ClientAuth
 * only, keyUsage digitalSignature|keyEncipherment|dataEncipherment as OpenZiti sets it, and one SAN, the
 * SPIFFE ID `spiffe://<trustDomain>/identity/<identityId>`. SANs the CSR asks for are ignored on purpose:
 * a device must not be able to claim another identity's SPIFFE ID (or any name) by putting it in its CSR.
 */
export function signClientCsr(issuer: CaMaterial, csrPem: string, opts: ClientCertOptions): SignedClientCert {
  return issue(issuer, parseCsr(csrPem), [spiffeSan(opts)], opts);
}

/**
 * Renewal (reference §7.9): like signClientCsr, but the DNS, email, IP and URI SANs of `currentCertPem` (a
 * certificate we issued and the caller proved to hold) are carried over; the SPIFFE ID is added if missing.
 */
export function signClientCsrForExtension(issuer: CaMaterial, csrPem: string, opts: ClientCertOptions & { currentCertPem: string }): SignedClientCert {
  const csr = parseCsr(csrPem);
  const sans = currentSans(opts.currentCertPem);
  const spiffe = spiffeSan(opts);
  if (!sans.some((s) => s.type === spiffe.type && s.value === spiffe.value)) sans.push(spiffe);
  return issue(issuer, csr, sans, opts);
}

const asn1 = forge.asn1;
type Asn1 = forge.asn1.Asn1;
type AltName = { type: number; value: string };
const { UNIVERSAL, CONTEXT_SPECIFIC } = asn1.Class;
const T = asn1.Type;
const DAY_MS = 86_400_000;
/** As for every certificate we issue: peers whose clocks run a little slow still accept a fresh one. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MAX_CSR_PEM = 64 * 1024;
/** No SHA-1: a CSR's signature is its proof of possession, and SHA-1 collisions are practical. */
const CSR_SIG_ALGS: Record<string, { hash: string; key: string }> = {
  '1.2.840.113549.1.1.11': { hash: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', key: 'rsa' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', key: 'ec' },
};
const EC_CURVES = ['prime256v1', 'secp384r1', 'secp521r1'];
const SAN_TYPES = new Set([1 /* email */, 2 /* DNS */, 6 /* URI */, 7 /* IP */]);

interface ParsedCsr {
  subject: Asn1;
  spki: Asn1;
  emptySubject: boolean;
}

/**
 * forge parses only RSA keys, so the CSR is read with forge's generic DER parser and its signature checked
 * by node:crypto, which handles RSA and EC alike. BIT STRINGs stay opaque so re-encoding is byte-exact.
 */
function parseCsr(csrPem: string): ParsedCsr {
  if (typeof csrPem !== 'string' || csrPem.length > MAX_CSR_PEM) throw new CsrError('the CSR must be a PEM text of at most 64 KiB');
  let root: Asn1;
  try {
    const block = forge.pem.decode(csrPem).find((m) => m.type === 'CERTIFICATE REQUEST' || m.type === 'NEW CERTIFICATE REQUEST');
    if (!block) throw new Error('none');
    root = asn1.fromDer(block.body, { strict: true, parseAllBytes: true, decodeBitStrings: false } as never);
  } catch {
    throw new CsrError('no parsable PEM CERTIFICATE REQUEST block');
  }
  const [info, alg, sig] = children(root, T.SEQUENCE, 3, 3);
  const [version, subject, spki] = children(info, T.SEQUENCE, 3, 4);
  const [algOid] = children(alg, T.SEQUENCE, 1, 2);
  if (!is(version, T.INTEGER) || version.value !== '\x00' || !is(subject, T.SEQUENCE) || !is(algOid, T.OID) || !is(sig, T.BITSTRING)) {
    throw new CsrError('not a PKCS#10 v1 certification request');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: derOf(spki), format: 'der', type: 'spki' });
  } catch {
    throw new CsrError('the CSR public key cannot be read');
  }
  assertKeyAccepted(key);
  const sigAlg = CSR_SIG_ALGS[asn1.derToOid(algOid.value as string)];
  if (!sigAlg || sigAlg.key !== key.asymmetricKeyType) throw new CsrError('unsupported CSR signature algorithm (SHA-256/384/512 with RSA or ECDSA)');
  const sigBits = sig.value as string;
  let valid = false;
  try {
    valid = sigBits[0] === '\x00' && verify(sigAlg.hash, derOf(info), key, Buffer.from(sigBits.slice(1), 'binary'));
  } catch {
    valid = false;
  }
  if (!valid) throw new CsrError('the CSR signature does not verify');
  return { subject, spki, emptySubject: (subject.value as Asn1[]).length === 0 };
}

function assertKeyAccepted(key: KeyObject): void {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && (d.modulusLength ?? 0) >= 2048) return;
  if (key.asymmetricKeyType === 'ec' && EC_CURVES.includes(d.namedCurve ?? '')) return;
  throw new CsrError(`unsupported CSR key (${key.asymmetricKeyType}): RSA of at least 2048 bits or EC P-256/P-384/P-521`);
}

function issue(issuer: CaMaterial, csr: ParsedCsr, altNames: AltName[], opts: ClientCertOptions): SignedClientCert {
  if (!(opts.validityDays > 0)) throw new Error('validityDays must be a positive number');
  const ca = new X509Certificate(issuer.certPem);
  const caKey = createPrivateKey(issuer.keyPem);
  if (!ca.ca || !ca.checkPrivateKey(caKey)) throw new Error('issuer is not a CA certificate with its own key');
  const caTbs = tbsFields(ca.raw);
  const now = (opts.now ?? new Date()).getTime();
  // Never outlive the issuer: the tail would be unusable and some verifiers reject it outright.
  const notAfter = Math.min(now + opts.validityDays * DAY_MS, Date.parse(ca.validTo));
  if (notAfter <= now) throw new Error('the issuing CA has expired');
  const holder = forge.pki.createCertificate();
  holder.setExtensions([
    // An end-entity certificate must never be usable as an issuer.
    { name: 'basicConstraints', critical: true, cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, dataEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true },
    // RFC 5280 §4.2.1.6: with an empty subject the SAN carries the identity and must be critical.
    { name: 'subjectAltName', critical: csr.emptySubject, altNames },
    { name: 'subjectKeyIdentifier', value: prim(T.OCTETSTRING, keyId(csr.spki)) },
    { name: 'authorityKeyIdentifier', keyIdentifier: caTbs.keyId },
  ]);
  const rsa = caKey.asymmetricKeyType === 'rsa';
  const sigAlg = seq([prim(T.OID, asn1.oidToDer(rsa ? '1.2.840.113549.1.1.11' : '1.2.840.10045.4.3.2').getBytes()), ...(rsa ? [prim(T.NULL, '')] : [])]);
  const tbs = seq([
    asn1.create(CONTEXT_SPECIFIC, 0, true, [prim(T.INTEGER, asn1.integerToDer(2).getBytes())]),
    prim(T.INTEGER, forge.util.hexToBytes(randomSerialHex())),
    sigAlg,
    caTbs.subject,
    seq([time(new Date(now - CLOCK_SKEW_MS)), time(new Date(notAfter))]),
    csr.subject,
    csr.spki,
    (forge.pki as unknown as { certificateExtensionsToAsn1(e: unknown[]): Asn1 }).certificateExtensionsToAsn1(holder.extensions),
  ]);
  const signature = sign('sha256', derOf(tbs), caKey).toString('binary');
  const certPem = derToPem(derOf(seq([tbs, sigAlg, prim(T.BITSTRING, `\x00${signature}`)])));
  return { certPem, chainPem: certPem + splitPemCertificates(issuer.certPem)[0], fingerprint: sha1Fingerprint(certPem) };
}

function spiffeSan(opts: ClientCertOptions): AltName {
  const domain = opts.trustDomain.toLowerCase();
  // SPIFFE trust domains are lowercase letters, digits, dots, dashes and underscores (no port, no IPv6).
  if (!/^[a-z0-9._-]+$/.test(domain)) throw new Error(`trust domain ${JSON.stringify(opts.trustDomain)} is not a valid SPIFFE trust domain`);
  return { type: 6, value: `spiffe://${domain}/identity/${encodeURIComponent(opts.identityId)}` };
}

/** The email, DNS, URI and IP SANs of a certificate (IPs as raw bytes, which forge writes back as they are). */
function currentSans(certPem: string): AltName[] {
  const ext = tbsFields(new X509Certificate(certPem).raw).extension('2.5.29.17');
  if (!ext) return [];
  const names = asn1.fromDer(ext, { decodeBitStrings: false } as never).value as Asn1[];
  return names.filter((n) => n.tagClass === CONTEXT_SPECIFIC && SAN_TYPES.has(n.type)).map((n) => ({ type: n.type, value: n.value as string }));
}

/** Subject, key identifier and extensions of a certificate's TBSCertificate. */
function tbsFields(der: Buffer): { subject: Asn1; keyId: string; extension(oid: string): string | undefined } {
  const cert = asn1.fromDer(der.toString('binary'), { decodeBitStrings: false } as never);
  const tbs = (cert.value as Asn1[])[0].value as Asn1[];
  const off = tbs[0].tagClass === CONTEXT_SPECIFIC ? 1 : 0; // explicit version present
  const exts = tbs.find((n) => n.tagClass === CONTEXT_SPECIFIC && n.type === 3);
  const list = exts ? ((exts.value as Asn1[])[0].value as Asn1[]) : [];
  const extension = (oid: string) => {
    const e = list.find((x) => asn1.derToOid((x.value as Asn1[])[0].value as string) === oid);
    return e ? ((e.value as Asn1[]).at(-1)?.value as string) : undefined;
  };
  // Reuse the issuer's own SKI so AKI matches it byte for byte; else derive it the RFC 5280 way.
  const ski = extension('2.5.29.14');
  return { subject: tbs[off + 4], keyId: ski ? (asn1.fromDer(ski).value as string) : keyId(tbs[off + 5]), extension };
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING (without its unused-bits byte). */
function keyId(spki: Asn1): string {
  const bits = ((spki.value as Asn1[])[1].value as string).slice(1);
  return createHash('sha1').update(Buffer.from(bits, 'binary')).digest().toString('binary');
}

function children(node: Asn1, type: number, min: number, max: number): Asn1[] {
  if (!is(node, type) || !node.constructed || !Array.isArray(node.value) || node.value.length < min || node.value.length > max) {
    throw new CsrError('not a PKCS#10 certification request');
  }
  return node.value;
}

const is = (n: Asn1 | undefined, type: number): n is Asn1 => n !== undefined && n.tagClass === UNIVERSAL && n.type === type;
const prim = (type: number, value: string): Asn1 => asn1.create(UNIVERSAL, type, false, value);
const seq = (value: Asn1[]): Asn1 => asn1.create(UNIVERSAL, T.SEQUENCE, true, value);
const derOf = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
const time = (d: Date): Asn1 =>
  d.getUTCFullYear() < 2050 ? prim(T.UTCTIME, asn1.dateToUtcTime(d)) : prim(T.GENERALIZEDTIME, asn1.dateToGeneralizedTime(d));
