import { Injectable } from '@nestjs/common';
import { newAuthenticator } from '../../authenticators/new-authenticator';
import { CasService } from '../../cas/cas.service';
import { Clock } from '../../common/clock';
import { ApiError } from '../../common/errors/api-error';
import type { EnrollmentEntity } from '../enrollment.entity';
import type { EnrollInput, Enroller, PreparedEnrollment } from './enroller';
import { verifyThirdPartyCert } from './third-party-cert';

/**
 * ottca (reference §7.4): the device already holds a certificate from the enrollment's third-party CA and
 * presents it as its TLS client certificate; the token binds that certificate to the identity as a `cert`
 * authenticator not issued by the network. Checks, in OpenZiti's order:
 * - the CA is gone: the token is worthless (INVALID_ENROLLMENT_TOKEN);
 * - the CA no longer allows ottca: ENROLLMENT_CA_NOT_VALID;
 * - no certificate, or one that does not chain to the CA (ClientAuth EKU, dates, path built only from
 *   what the client sent and ending at the CA), or one on the CA's CRL: CERTIFICATE_FAILED_VALIDATION.
 * The CA need not be verified, as in OpenZiti: logging in later needs that (and `isAuthEnabled`).
 * A fingerprint already in use answers 409 CERT_IN_USE from the authenticator insert (its unique index),
 * inside the transaction that consumes the enrollment, so a refused enrollment is not used up.
 */
@Injectable()
export class OttcaEnroller implements Enroller {
  readonly method = 'ottca' as const;

  constructor(
    private readonly cas: CasService,
    private readonly clock: Clock,
  ) {}

  async prepare(e: EnrollmentEntity, input: EnrollInput): Promise<PreparedEnrollment> {
    const ca = e.caId ? await this.cas.findById(e.caId) : null;
    if (!ca) throw new ApiError('INVALID_ENROLLMENT_TOKEN');
    if (!ca.isOttCaEnrollmentEnabled) throw new ApiError('ENROLLMENT_CA_NOT_VALID');
    const now = this.clock.now();
    const cert = verifyThirdPartyCert(input.clientChain, [ca], now);
    if (!cert) throw failed(input.clientChain?.length ? `the client certificate does not chain to CA ${ca.id}` : 'the request carries no client certificate');
    if (await this.cas.isRevoked(ca.id, cert.chainPem)) throw failed('the client certificate is revoked by its CA');
    const authenticator = newAuthenticator(
      { identityId: e.identityId, method: 'cert', certPem: cert.chainPem, fingerprint: cert.fingerprint, isIssuedByNetwork: false },
      now,
    );
    return { authenticator, result: {} };
  }
}

function failed(reason: string): ApiError {
  return new ApiError('CERTIFICATE_FAILED_VALIDATION', { field: 'clientCertificate', reason });
}
