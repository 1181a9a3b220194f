import { X509Certificate } from 'node:crypto';
import { sha1Fingerprint } from '../../x509/fingerprint';
import { verifyChain } from '../../x509/verify';

/** One set of anchors a client certificate may verify to. */
export interface TrustSource {
  /** Who vouches: `network` for the internal PKI, the CA id for a third-party CA. */
  id: string;
  /** Only these end a chain. */
  rootsPem: string[];
  /**
   * Issuers the controller itself adds when the client left them out (our signing intermediate).
   * A chain that verifies only with them is accepted, as in OpenZiti, but flagged as improper.
   */
  completingIntermediatesPem: string[];
}

export interface VerifiedClientCert {
  ok: true;
  leaf: X509Certificate;
  /** The leaf as PEM (what an authenticator stores). */
  leafPem: string;
  /** OpenZiti's authenticator fingerprint: SHA-1 over the leaf DER, lowercase hex. */
  fingerprint: string;
  sourceId: string;
  /** The chain needed an issuer the client did not send (OpenZiti's `improperClientCertChain`). */
  improperChain: boolean;
  /** The verified path, leaf first, ending at the source's root (revocation looks at it). */
  chain: X509Certificate[];
}

export type ClientCertResult = VerifiedClientCert | { ok: false; reason: string };

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

/**
 * Verifies a TLS client certificate chain (DER, leaf first) against `sources`, in order. For each
 * source the chain is tried first with only what the client sent, then with the source's completing
 * intermediates. Client-sent certificates only help build the path; they are never anchors, so a
 * self-signed "intermediate" sent along cannot vouch for anything (see verifyChain).
 *
 * Validity dates are ignored here: whether an expired certificate may still log in is the auth
 * policy's call (`allowExpiredCerts`), made by the caller with the leaf's dates.
 *
 * node:crypto only: this runs on every certificate login.
 */
export function verifyClientCertificate(chainDer: Buffer[], sources: TrustSource[]): ClientCertResult {
  if (chainDer.length === 0) return { ok: false, reason: 'no client certificate' };
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(chainDer[0]);
  } catch {
    return { ok: false, reason: 'client certificate does not parse' };
  }
  if (leaf.ca) return { ok: false, reason: 'a CA certificate is not a client credential' };
  // Hardening beyond OpenZiti (which accepts a leaf with no EKU at all): the leaf must say it is meant
  // for client authentication. Every certificate our own PKI issues to a client does.
  const eku = leaf.keyUsage ?? [];
  if (!eku.includes(CLIENT_AUTH) && !eku.includes(ANY_EKU)) return { ok: false, reason: 'client certificate lacks the clientAuth extended key usage' };

  const leafPem = leaf.toString();
  const sent = chainDer.slice(1).map(derToPem);
  for (const source of sources) {
    const proper = verifyChain(leafPem, sent, source.rootsPem, { ignoreValidity: true });
    if (proper.ok) return verified(leaf, leafPem, source, false, proper.chain);
    if (source.completingIntermediatesPem.length === 0) continue;
    const completed = verifyChain(leafPem, [...sent, ...source.completingIntermediatesPem], source.rootsPem, { ignoreValidity: true });
    if (completed.ok) return verified(leaf, leafPem, source, true, completed.chain);
  }
  return { ok: false, reason: 'no path to a trusted root' };
}

function verified(leaf: X509Certificate, leafPem: string, source: TrustSource, improperChain: boolean, chain: X509Certificate[]): VerifiedClientCert {
  return { ok: true, leaf, leafPem, fingerprint: sha1Fingerprint(leaf.raw), sourceId: source.id, improperChain, chain };
}

/** Plain re-encoding; verifyChain parses (and so validates) every certificate it is given. */
function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
