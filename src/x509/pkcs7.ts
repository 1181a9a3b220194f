import { pemToDer, splitPemCertificates } from './pem';

// DER building blocks. The structure is tiny and fixed, so we encode it by hand rather than via
// forge's pkcs7 model: forge would re-parse every certificate into its RSA-only object model
// (an administrator's EC CA would make it throw) and re-encode it, whereas clients pin the
// exact bytes (fingerprints), so the certificates must be embedded verbatim.
const OID_SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex'); // 1.2.840.113549.1.7.2
const OID_DATA = Buffer.from('06092a864886f70d010701', 'hex'); // 1.2.840.113549.1.7.1
const SEQUENCE = 0x30;
const SET = 0x31;
const CONTEXT_0 = 0xa0; // [0], constructed
const INTEGER_1 = Buffer.from('020101', 'hex');

/**
 * A degenerate, certs-only PKCS#7 SignedData (RFC 2315; RFC 8951 / EST `cacerts`): version 1, no
 * digest algorithms, empty content, the certificates, no signers. DER, then base64 in 64-character
 * lines joined by "\n" (no trailing newline), which is what ziti's `/.well-known/est/cacerts`
 * returns. Each input may be a bundle; duplicates are dropped, first occurrence wins the order.
 * Throws PemError for input that is not certificates.
 */
export function certsOnlyPkcs7Base64(certPems: string[]): string {
  const seen = new Set<string>();
  const certs: Buffer[] = [];
  for (const pem of certPems.flatMap((p) => splitPemCertificates(p))) {
    const der = pemToDer(pem);
    const key = der.toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    certs.push(der);
  }
  const signedData = tlv(
    SEQUENCE,
    INTEGER_1,
    tlv(SET), // digestAlgorithms: none, nothing is signed
    tlv(SEQUENCE, OID_DATA), // encapsulated content: type data, content absent
    tlv(CONTEXT_0, ...certs), // certificates [0] IMPLICIT SET OF Certificate
    tlv(SET), // signerInfos: none
  );
  const der = tlv(SEQUENCE, OID_SIGNED_DATA, tlv(CONTEXT_0, signedData));
  return (der.toString('base64').match(/.{1,64}/g) ?? []).join('\n');
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

/** DER definite length: short form below 128, else 0x80|n followed by n big-endian bytes. */
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
