import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { DerError, TAG, type Tlv, children, expectTag, oidOf, readOnly, serialHex, timeOf } from './der';

/** The upload is not a CRL we can use; `message` says why (the API answers 400). */
export class CrlError extends Error {}

export interface ParsedCrl {
  der: Buffer;
  thisUpdate: Date;
  /** Null when the CRL names no next update (RFC 5280 requires one; we treat its absence as "never stale"). */
  nextUpdate: Date | null;
  /** Lowercase hex, no leading zeros, de-duplicated. */
  revokedSerials: string[];
  tbsDer: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
}

/** Signature algorithms by OID -> node:crypto digest (null: the key type implies it, as for Ed25519). */
const SIG_ALGS: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

const PEM_CRL = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A text body: one PEM `X509 CRL` block, or the DER in base64 (whitespace ignored). */
export function crlDerFromText(text: string): Buffer {
  if (typeof text !== 'string' || text.trim() === '') throw new CrlError('the body is empty');
  const pem = PEM_CRL.exec(text);
  if (!pem && text.includes('-----BEGIN ')) throw new CrlError('expected a PEM block labelled X509 CRL');
  const b64 = (pem ? pem[1] : text).replace(/\s+/g, '');
  if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64.test(b64)) throw new CrlError('the CRL is not valid base64');
  return Buffer.from(b64, 'base64');
}

/** Parses a DER CertificateList (RFC 5280 5.1). Does not check the signature (see crlSignedBy). */
export function parseCrl(der: Buffer): ParsedCrl {
  try {
    const [tbs, sigAlg, sig] = children(expectTag(readOnly(der), TAG.SEQUENCE, 'a CertificateList'));
    const fields = children(expectTag(tbs, TAG.SEQUENCE, 'a TBSCertList'));
    let i = fields[0]?.tag === TAG.INTEGER ? 1 : 0; // version v2 is optional
    i++; // signature AlgorithmIdentifier (the outer one is the one checked)
    expectTag(fields[i++], TAG.SEQUENCE, 'the issuer Name');
    const thisUpdate = timeOf(fields[i++] ?? fail('thisUpdate'));
    let nextUpdate: Date | null = null;
    if (fields[i] && (fields[i].tag === TAG.UTC_TIME || fields[i].tag === TAG.GENERALIZED_TIME)) nextUpdate = timeOf(fields[i++]);
    const revoked = new Set<string>();
    if (fields[i]?.tag === TAG.SEQUENCE) {
      for (const entry of children(fields[i])) revoked.add(serialHex(expectTag(children(entry)[0], TAG.INTEGER, 'a serial number').value));
    }
    const bits = expectTag(sig, TAG.BIT_STRING, 'the signature');
    if (bits.value.length < 1 || bits.value[0] !== 0) throw new DerError('the signature has unused bits');
    return {
      der: Buffer.from(der),
      thisUpdate,
      nextUpdate,
      revokedSerials: [...revoked],
      tbsDer: Buffer.from(tbs.raw),
      signatureAlgorithm: oidOf(children(sigAlg)[0]),
      signature: Buffer.from(bits.value.subarray(1)),
    };
  } catch (e) {
    if (e instanceof DerError || e instanceof TypeError || e instanceof RangeError) throw new CrlError(`the CRL does not parse: ${e.message}`);
    throw e;
  }
}

/** True when the CA certificate's key made the CRL's signature. Never throws. */
export function crlSignedBy(crl: ParsedCrl, caCertPem: string): boolean {
  if (!(crl.signatureAlgorithm in SIG_ALGS)) return false;
  try {
    return verifySignature(SIG_ALGS[crl.signatureAlgorithm], crl.tbsDer, new X509Certificate(caCertPem).publicKey, crl.signature);
  } catch {
    return false;
  }
}

export type CrlStalePolicy = 'fail-closed' | 'fail-open';
export type RevocationVerdict = 'good' | 'revoked' | 'stale';

/** What revocation needs to know about a CA (a subset of CaEntity, so this stays pure). */
export interface CaRevocationState {
  certPem: string;
  crlDer: string | null;
  crlNextUpdate: Date | null;
  crlRevokedSerials: string[] | null;
}

/**
 * Whether a chain that verified to `ca` may be used. Serial numbers are unique per issuer only, so only the
 * certificates in `chain` that the CA itself signed are looked up in its CRL: the leaf when the CA issued
 * it, the intermediate when the CA is a root above one. A leaf under an intermediate is covered by that
 * intermediate's own CRL, which the controller holds only if the intermediate is registered as a CA.
 * Revoked wins over stale: a stale list still proves what it lists. A stale CRL under `fail-open` is "good".
 */
export function revocationVerdict(ca: CaRevocationState, chain: X509Certificate[], now: Date, policy: CrlStalePolicy): RevocationVerdict {
  if (ca.crlDer === null) return 'good';
  const revoked = new Set(ca.crlRevokedSerials ?? []);
  const caCert = new X509Certificate(ca.certPem);
  for (const cert of chain) {
    if (cert.raw.equals(caCert.raw)) continue;
    if (cert.checkIssued(caCert) && cert.verify(caCert.publicKey) && revoked.has(serialHex(cert.serialNumber))) return 'revoked';
  }
  if (ca.crlNextUpdate !== null && now.getTime() > ca.crlNextUpdate.getTime() && policy === 'fail-closed') return 'stale';
  return 'good';
}

function fail(what: string): never {
  throw new DerError(`missing ${what}`);
}
