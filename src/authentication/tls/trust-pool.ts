import { Inject, Injectable } from '@nestjs/common';
import { PKI_MATERIAL } from '../../app.tokens';
import type { CaEntity } from '../../cas/ca.entity';
import { CasService } from '../../cas/cas.service';
import type { PkiMaterial } from '../../x509/pki-store';
import type { TrustSource } from './client-cert';

/**
 * The internal PKI as a trust source: the root is the only anchor; our signing intermediate completes
 * chains from clients that did not send it (OpenZiti's second, "improper chain" pool).
 */
export function networkTrustSource(pki: PkiMaterial): TrustSource {
  return { id: 'network', rootsPem: [pki.root.certPem], completingIntermediatesPem: [pki.intermediate.certPem] };
}

/**
 * A third-party CA as a trust source: its own certificate is the only anchor (it may itself be an
 * intermediate of the organisation's PKI). Nothing completes its chains: the client must send whatever
 * lies between its leaf and the registered CA, and what it sends only builds the path.
 */
export function caTrustSource(ca: CaEntity): TrustSource {
  return { id: ca.id, rootsPem: [ca.certPem], completingIntermediatesPem: [] };
}

/** The sources of one login, and the CAs behind the third-party ones by source id. */
export interface TrustSnapshot {
  sources: TrustSource[];
  cas: Map<string, CaEntity>;
}

/**
 * Everything a client certificate may verify to at login, in the order OpenZiti tries it: the internal
 * PKI first, then the verified, auth-enabled third-party CAs (reference §3.1). Read on every login, never
 * cached, so toggling `isAuthEnabled` or deleting a CA applies from the next login on.
 */
@Injectable()
export class ClientCertTrustPool {
  private readonly network: TrustSource;

  constructor(
    @Inject(PKI_MATERIAL) pki: PkiMaterial,
    private readonly cas: CasService,
  ) {
    this.network = networkTrustSource(pki);
  }

  async snapshot(): Promise<TrustSnapshot> {
    const cas = await this.cas.listVerifiedForAuth();
    return { sources: [this.network, ...cas.map(caTrustSource)], cas: new Map(cas.map((ca) => [ca.id, ca])) };
  }

  async sources(): Promise<TrustSource[]> {
    return (await this.snapshot()).sources;
  }
}
