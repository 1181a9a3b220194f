import { Inject, Injectable } from '@nestjs/common';
import { PKI_MATERIAL } from '../../app.tokens';
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
 * Everything a client certificate may verify to at login, in the order OpenZiti tries it: the internal
 * PKI first. Verified, auth-enabled third-party CAs join after it with the third-party CA issue; this
 * is the one place that list is assembled, which is why it is asynchronous already.
 */
@Injectable()
export class ClientCertTrustPool {
  private readonly network: TrustSource;

  constructor(@Inject(PKI_MATERIAL) pki: PkiMaterial) {
    this.network = networkTrustSource(pki);
  }

  sources(): Promise<TrustSource[]> {
    return Promise.resolve([this.network]);
  }
}
