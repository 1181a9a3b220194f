import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PKI_MATERIAL } from '../../app.tokens';
import { AuthenticatorsService } from '../../authenticators/authenticators.service';
import { Clock } from '../../common/clock';
import { ApiError } from '../../common/errors/api-error';
import type { AppConfig } from '../../config/config.schema';
import { CsrError, signClientCsr } from '../../x509/csr';
import type { PkiMaterial } from '../../x509/pki-store';
import type { EnrollmentEntity } from '../enrollment.entity';
import type { EnrollInput, Enroller, PreparedEnrollment } from './enroller';

/**
 * ott (reference §7.3): the device's CSR is signed by the internal intermediate CA as a client certificate
 * naming the identity, and becomes a network-issued `cert` authenticator. The answer is the chain the device
 * presents from then on (leaf + intermediate).
 */
@Injectable()
export class OttEnroller implements Enroller {
  readonly method = 'ott' as const;

  constructor(
    private readonly authenticators: AuthenticatorsService,
    private readonly clock: Clock,
    @Inject(PKI_MATERIAL) private readonly pki: PkiMaterial,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async prepare(e: EnrollmentEntity, input: EnrollInput): Promise<PreparedEnrollment> {
    if (!input.csrPem) throw new ApiError('COULD_NOT_PROCESS_CSR', { field: 'clientCsr', reason: 'the request carries no CSR' });
    let signed: ReturnType<typeof signClientCsr>;
    try {
      signed = signClientCsr(this.pki.intermediate, input.csrPem, {
        identityId: e.identityId,
        trustDomain: this.config.trustDomain,
        validityDays: this.config.clientCertDays,
        now: this.clock.now(),
      });
    } catch (err) {
      if (err instanceof CsrError) throw new ApiError('COULD_NOT_PROCESS_CSR', { field: 'clientCsr', reason: err.message });
      throw err;
    }
    // The stored PEM is the chain minus the root, as OpenZiti keeps it; the fingerprint is the leaf's.
    const authenticator = this.authenticators.prepareNetworkCert(e.identityId, signed.chainPem, signed.fingerprint);
    return { authenticator, result: { cert: signed.chainPem } };
  }
}
