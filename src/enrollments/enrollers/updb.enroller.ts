import { Injectable } from '@nestjs/common';
import { AuthenticatorsService } from '../../authenticators/authenticators.service';
import { ApiError } from '../../common/errors/api-error';
import type { EnrollmentEntity } from '../enrollment.entity';
import type { EnrollInput, Enroller, PreparedEnrollment } from './enroller';

/**
 * updb (reference §7.5): sets the password of the username the admin chose when creating the enrollment (a
 * username in the request is ignored, as in OpenZiti). The identity's auth-policy password rules apply.
 */
@Injectable()
export class UpdbEnroller implements Enroller {
  readonly method = 'updb' as const;

  constructor(private readonly authenticators: AuthenticatorsService) {}

  async prepare(e: EnrollmentEntity, input: EnrollInput): Promise<PreparedEnrollment> {
    // OpenZiti answers 500 here ("password expected for updb enrollment"); a missing field is the client's error.
    if (typeof input.password !== 'string' || input.password === '') throw ApiError.validation('password', 'a password is required for updb enrollment');
    const authenticator = await this.authenticators.prepareUpdb(e.identityId, e.username ?? '', input.password);
    return { authenticator, result: {} };
  }
}
