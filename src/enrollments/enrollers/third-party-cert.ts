import type { X509Certificate } from 'node:crypto';
import type { CaEntity } from '../../cas/ca.entity';
import { verifyClientCertificate } from '../../authentication/tls/client-cert';
import { caTrustSource } from '../../authentication/tls/trust-pool';
import { derToPem } from '../../x509/pem';
import { verifyChain } from '../../x509/verify';

/** A client certificate that chains to one of the third-party CAs it was checked against. */
export interface ThirdPartyCert {
  ca: CaEntity;
  leaf: X509Certificate;
  leafPem: string;
  fingerprint: string;
  /** What a cert authenticator stores: the leaf, then the path's intermediates up to (not including) the CA. */
  chainPem: string;
}

/**
 * Checks the TLS client chain (DER, leaf first) against `cas`, in order; the first CA that vouches wins.
 * The rules are those of certificate login (verifyClientCertificate: ClientAuth EKU on the leaf, a CA
 * certificate is no client credential, client-sent intermediates only build the path and never end it),
 * plus, because enrolling is when a credential is accepted, every certificate on the path must be within
 * its validity period at `now`. Null when nothing vouches or no certificate was sent.
 */
export function verifyThirdPartyCert(chainDer: Buffer[] | undefined, cas: CaEntity[], now: Date): ThirdPartyCert | null {
  if (!chainDer || chainDer.length === 0 || cas.length === 0) return null;
  const result = verifyClientCertificate(chainDer, cas.map(caTrustSource));
  if (!result.ok) return null;
  const ca = cas.find((c) => c.id === result.sourceId);
  if (!ca) return null;
  const sent = chainDer.slice(1).map(derToPem);
  const dated = verifyChain(result.leafPem, sent, [ca.certPem], { at: now });
  if (!dated.ok) return null;
  // dated.chain is leaf → intermediates → the CA's certificate; the anchor itself is not stored.
  const path = dated.chain.length > 1 ? dated.chain.slice(0, -1) : dated.chain;
  const chainPem = path.map((c) => derToPem(c.raw)).join('');
  return { ca, leaf: result.leaf, leafPem: result.leafPem, fingerprint: result.fingerprint, chainPem };
}
