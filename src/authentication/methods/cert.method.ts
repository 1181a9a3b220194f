import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CertExtendService } from '../../authenticators/cert-extend.service';
import { verifyClientCertificate } from '../tls/client-cert';
import { requestCertificateChain } from '../tls/peer-chain';
import { ClientCertTrustPool } from '../tls/trust-pool';
import type { PrimaryMethod, PrimaryProof } from './primary-method';

/**
 * `method=cert`: the TLS client certificate (leaf first, intermediates after) must verify, dates
 * ignored, to the trust pool, and its fingerprint must be a `cert` authenticator's. Any failure is
 * "no proof" (401 INVALID_AUTH); the policy (`primary.cert.allowed`, `allowExpiredCerts`) and the
 * identity's state are judged by AuthenticationService from the facts returned here.
 */
@Injectable()
export class CertMethod implements PrimaryMethod {
  readonly name = 'cert' as const;

  constructor(
    private readonly trust: ClientCertTrustPool,
    private readonly certs: CertExtendService,
  ) {}

  async prove(_body: unknown, req: FastifyRequest): Promise<PrimaryProof | null> {
    const chain = requestCertificateChain(req);
    if (chain.length === 0) return null;
    const result = verifyClientCertificate(chain, await this.trust.sources());
    if (!result.ok) return null;
    const authenticator = await this.certs.findCertByFingerprint(result.fingerprint);
    if (!authenticator) return null;
    // OpenZiti records whether the client's own chain reached the root; an admin rotating the
    // intermediate can see which identities would break.
    const resolvedToRoot = !result.improperChain;
    return {
      identityId: authenticator.identityId,
      authenticatorId: authenticator.id,
      credentialValid: true,
      cert: {
        notBefore: new Date(result.leaf.validFrom),
        notAfter: new Date(result.leaf.validTo),
        isIssuedByNetwork: authenticator.isIssuedByNetwork,
        improperClientCertChain: result.improperChain,
        extendRequested: authenticator.isExtendRequested,
        keyRollRequested: authenticator.isKeyRollRequested,
      },
      onSuccess: () => this.certs.recordLogin(authenticator, resolvedToRoot, result.leafPem),
    };
  }
}
