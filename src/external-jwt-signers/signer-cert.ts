import type { X509Certificate } from 'node:crypto';
import { sha1Fingerprint } from '../x509/fingerprint';
import { derToPem, PemError, parsePemCertificates } from '../x509/pem';

/** What a certPem signer's detail shows about its certificate, derived from it and never set by clients. */
export interface SignerCertFacts {
  /** Canonical PEM (64-column base64, LF endings), so equal certificates are stored identically. */
  certPem: string;
  fingerprint: string;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

/** The PEM is unparsable or holds other than exactly one certificate (the API answers INVALID_CERT_PEM). */
export class SignerCertError extends Error {}

/**
 * OpenZiti verifies a certPem signer's tokens with the key of its single certificate, so a bundle is
 * refused rather than its first certificate silently chosen: the admin may have pasted the wrong file.
 * Validity dates are reported, not enforced here (OpenZiti accepts an expired certificate at create).
 */
export function signerCertFacts(pem: string): SignerCertFacts {
  let certs: X509Certificate[];
  try {
    certs = parsePemCertificates(pem);
  } catch (e) {
    if (e instanceof PemError) throw new SignerCertError(e.message);
    throw e;
  }
  if (certs.length !== 1) throw new SignerCertError(`expected exactly one certificate, found ${certs.length}`);
  const [cert] = certs;
  return {
    certPem: derToPem(cert.raw),
    fingerprint: sha1Fingerprint(cert.raw),
    commonName: commonNameOf(cert.subject),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/**
 * The subject's CN ('' without one). Node prints the subject one attribute per line with RFC 2253
 * escapes (`CN=a\, b`), which are undone here.
 */
function commonNameOf(subject: string): string {
  const line = subject.split('\n').find((l) => l.startsWith('CN='));
  return line === undefined ? '' : line.slice(3).replace(/\\(.)/g, '$1');
}
