import { X509Certificate } from 'node:crypto';
import { ApiError } from '../common/errors/api-error';
import { sha1Fingerprint } from '../x509/fingerprint';
import { PemError, splitPemCertificates } from '../x509/pem';
import { verifyChain } from '../x509/verify';

export interface CheckedAuthenticatorCert {
  /** The certificate re-encoded canonically, so equal certificates are stored as equal strings. */
  certPem: string;
  /** OpenZiti's wire form: SHA-1 over the DER, lowercase hex. */
  fingerprint: string;
}

export interface CertTrust {
  /** Anchors: only these can end a chain. */
  rootsPem: string[];
  /** Issuers that may appear between the leaf and a root, but never end a chain on their own. */
  intermediatesPem: string[];
}

/**
 * Checks a `certPem` given to `POST /authenticators` (method `cert`): exactly one parsable certificate, an
 * end-entity one, that chains to the network's own PKI. Throws 400 ApiErrors naming `certPem`; never a 500.
 */
export function checkAuthenticatorCert(certPem: string, trust: CertTrust): CheckedAuthenticatorCert {
  let certs: string[];
  try {
    certs = splitPemCertificates(certPem);
  } catch (err) {
    if (err instanceof PemError) throw new ApiError(err.code, { field: 'certPem', reason: err.message });
    throw err;
  }
  // A chain pasted with its issuers is refused rather than trimmed: which of the certificates was meant as
  // the credential would be a guess (OpenZiti's rule too).
  if (certs.length !== 1) {
    throw new ApiError('INVALID_CERT_PEM', { field: 'certPem', reason: `expected exactly one certificate, found ${certs.length}` });
  }
  const [leaf] = certs;
  const parsed = new X509Certificate(leaf);
  // Hardening beyond OpenZiti: a CA certificate is an issuer, not a client credential (and our own root
  // would otherwise "chain" to itself).
  if (parsed.ca) throw failed('a CA certificate cannot be used as a client authenticator');
  // Validity is judged at the certificate's own notBefore, as OpenZiti does: the chain must be sound, while
  // whether an expired certificate may still log in is the auth policy's decision (`allowExpiredCerts`).
  const result = verifyChain(leaf, trust.intermediatesPem, trust.rootsPem, { at: new Date(parsed.validFrom) });
  if (!result.ok) throw failed(result.reason);
  return { certPem: leaf, fingerprint: sha1Fingerprint(leaf) };
}

function failed(reason: string): ApiError {
  return new ApiError('CERTIFICATE_FAILED_VALIDATION', { field: 'certPem', reason });
}
