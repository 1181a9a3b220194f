import type { X509Certificate } from 'node:crypto';
import { TAG, type Tlv, children, expectTag, oidOf, readOnly } from './der';

/** The names in a certificate an external-ID claim can be read from, in certificate order. */
export interface CertNames {
  commonNames: string[];
  sanUris: string[];
  sanEmails: string[];
}

const OID_CN = '2.5.4.3';
const OID_SAN = '2.5.29.17';
// GeneralName context tags (RFC 5280 4.2.1.6): [1] rfc822Name, [6] uniformResourceIdentifier, both IA5String.
const GN_EMAIL = 0x81;
const GN_URI = 0x86;

/**
 * Reads subject CNs and SAN URIs/emails straight from the DER. Node's `subject` and `subjectAltName`
 * strings escape and quote values in ways that changed between versions; the DER does not change.
 * Never throws: a certificate whose names do not parse has no names (the claim then is missing).
 */
export function certNames(cert: X509Certificate): CertNames {
  const names: CertNames = { commonNames: [], sanUris: [], sanEmails: [] };
  try {
    const tbs = children(children(readOnly(cert.raw))[0]);
    // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, spki, [1], [2], [3] extensions.
    const i = tbs[0].tag === 0xa0 ? 1 : 0;
    names.commonNames = attributes(tbs[i + 4], OID_CN);
    const extWrapper = tbs.find((t) => t.tag === 0xa3);
    if (extWrapper) {
      for (const ext of children(children(extWrapper)[0])) {
        const parts = children(ext);
        if (oidOf(parts[0]) !== OID_SAN) continue;
        const octets = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extension value');
        for (const gn of children(readOnly(octets.value))) {
          if (gn.tag === GN_URI) names.sanUris.push(gn.value.toString('latin1'));
          if (gn.tag === GN_EMAIL) names.sanEmails.push(gn.value.toString('latin1'));
        }
      }
    }
  } catch {
    return { commonNames: [], sanUris: [], sanEmails: [] };
  }
  return names;
}

/** Values of attribute `oid` in a Name (SEQUENCE OF SET OF AttributeTypeAndValue), as UTF-8. */
function attributes(name: Tlv, oid: string): string[] {
  const out: string[] = [];
  for (const rdn of children(expectTag(name, TAG.SEQUENCE, 'a Name'))) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (oidOf(type) !== oid) continue;
      // BMPString (0x1e) is UTF-16BE; UTF8String, PrintableString, IA5String and T61 (as latin1-compatible) otherwise.
      out.push(value.tag === 0x1e ? Buffer.from(value.value).swap16().toString('utf16le') : value.value.toString('utf8'));
    }
  }
  return out;
}
