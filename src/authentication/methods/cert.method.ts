import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CertExtendService } from '../../authenticators/cert-extend.service';
import { CasService } from '../../cas/cas.service';
import { extractExternalId } from '../../cas/external-id-claim';
import { IdentityRepository } from '../../identities/identity.repository';
import { type VerifiedClientCert, verifyClientCertificate } from '../tls/client-cert';
import { requestCertificateChain } from '../tls/peer-chain';
import { ClientCertTrustPool } from '../tls/trust-pool';
import type { PrimaryMethod, PrimaryProof } from './primary-method';

/** OpenZiti's `authenticatorId` of a session proved by a third-party CA's external ID (reference §3.1). */
export const EXTERNAL_ID_AUTHENTICATOR = 'internal';

/**
 * `method=cert`: the TLS client certificate (leaf first, intermediates after) must verify, dates
 * ignored, to the trust pool (our PKI, then verified auth-enabled third-party CAs). Through a third-party
 * CA it must also pass that CA's revocation list. The identity is then the `cert` authenticator's with the
 * leaf's fingerprint, or else, when the CA has an `externalIdClaim`, the identity whose `externalId` the
 * leaf carries. Any failure is "no proof" (401 INVALID_AUTH); the policy (`primary.cert.allowed`,
 * `allowExpiredCerts`) and the identity's state are judged by AuthenticationService from these facts.
 */
@Injectable()
export class CertMethod implements PrimaryMethod {
  readonly name = 'cert' as const;

  constructor(
    private readonly trust: ClientCertTrustPool,
    private readonly certs: CertExtendService,
    private readonly cas: CasService,
    private readonly identities: IdentityRepository,
  ) {}

  async prove(_body: unknown, req: FastifyRequest): Promise<PrimaryProof | null> {
    const chain = requestCertificateChain(req);
    if (chain.length === 0) return null;
    const { sources, cas } = await this.trust.snapshot();
    const result = verifyClientCertificate(chain, sources);
    if (!result.ok) return null;
    const ca = cas.get(result.sourceId);
    // Beyond OpenZiti: a certificate on its CA's CRL (or any, once the CRL is stale under fail-closed) is refused.
    if (ca && this.cas.revocationOf(ca, result.chain) !== 'good') return null;
    const authenticator = await this.certs.findCertByFingerprint(result.fingerprint);
    if (authenticator) {
      // OpenZiti records whether the client's own chain reached the root; an admin rotating the
      // intermediate can see which identities would break.
      const resolvedToRoot = !result.improperChain;
      return {
        identityId: authenticator.identityId,
        authenticatorId: authenticator.id,
        credentialValid: true,
        cert: {
          ...certDates(result),
          isIssuedByNetwork: authenticator.isIssuedByNetwork,
          improperClientCertChain: result.improperChain,
          extendRequested: authenticator.isExtendRequested,
          keyRollRequested: authenticator.isKeyRollRequested,
        },
        onSuccess: () => this.certs.recordLogin(authenticator, resolvedToRoot, result.leafPem),
      };
    }
    if (!ca?.externalIdClaim) return null;
    // The external ID is only read from a leaf that verified to this very CA, so another PKI cannot mint
    // the same name. (externalId is one namespace across CAs and ext-JWT signers, as in OpenZiti.)
    const externalId = extractExternalId(ca.externalIdClaim, result.leaf);
    const identity = externalId === null ? null : await this.identities.findByExternalId(externalId);
    if (!identity) return null;
    return {
      identityId: identity.id,
      authenticatorId: EXTERNAL_ID_AUTHENTICATOR,
      credentialValid: true,
      // No authenticator: nothing to extend or back-fill; the certificate is the CA's, not ours.
      cert: { ...certDates(result), isIssuedByNetwork: false, improperClientCertChain: false, extendRequested: false, keyRollRequested: false },
    };
  }
}

function certDates(result: VerifiedClientCert): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(result.leaf.validFrom), notAfter: new Date(result.leaf.validTo) };
}
