import { Injectable } from '@nestjs/common';
import { AuthenticatorsService } from '../authenticators/authenticators.service';
import { Clock } from '../common/clock';
import { ApiError } from '../common/errors/api-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { EnrollmentEntity, EnrollmentMethod } from './enrollment.entity';
import { EnrollmentRepository } from './enrollment.repository';
import { EnrollmentTokens } from './enrollment-tokens';
import { CaEnroller } from './enrollers/ca.enroller';
import type { EnrollInput, Enroller, EnrollResult } from './enrollers/enroller';
import { OttEnroller } from './enrollers/ott.enroller';
import { OttcaEnroller } from './enrollers/ottca.enroller';
import { UpdbEnroller } from './enrollers/updb.enroller';

/** `method` values a client may name on `POST /enroll` (the swagger enum that concerns identities). */
export const ENROLL_METHODS = ['ott', 'ottca', 'updb', 'ca'] as const;
export type EnrollMethod = (typeof ENROLL_METHODS)[number];

export interface EnrollRequest extends EnrollInput {
  token: string;
  /** Explicit method from the route or `?method=`; absent: the enrollment's own. */
  method?: EnrollMethod;
}

/**
 * Enrolling (reference §7.2): find the enrollment by its token, check the method and expiry, let the
 * method's enroller prepare the authenticator, then consume the enrollment and save the authenticator in
 * ONE transaction. The consuming delete matches the token's hash too, so of two requests racing with one
 * token (or with a token refreshed away meanwhile) exactly one succeeds; the other gets
 * INVALID_ENROLLMENT_TOKEN, as every later use of the token does.
 */
@Injectable()
export class EnrollService {
  private readonly enrollers: Map<EnrollmentMethod, Enroller>;

  constructor(
    private readonly repo: EnrollmentRepository,
    private readonly tokens: EnrollmentTokens,
    private readonly authenticators: AuthenticatorsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    ott: OttEnroller,
    ottca: OttcaEnroller,
    updb: UpdbEnroller,
    private readonly ca: CaEnroller,
  ) {
    this.enrollers = new Map<EnrollmentMethod, Enroller>([ott, ottca, updb].map((e) => [e.method, e]));
  }

  async enroll(req: EnrollRequest): Promise<EnrollResult> {
    // Automatic CA enrollment has no token: the certificate is the credential (reference §7.6).
    if (req.method === 'ca') return this.ca.enroll(req);
    const e = await this.find(req.token);
    if (req.method !== undefined && req.method !== e.method) {
      throw new ApiError('INVALID_ENROLL_METHOD', { field: 'method', reason: `the token belongs to a ${e.method} enrollment`, value: req.method });
    }
    if (e.expiresAt.getTime() <= this.clock.now().getTime()) throw new ApiError('ENROLLMENT_EXPIRED');
    const enroller = this.enrollers.get(e.method);
    if (!enroller) throw new ApiError('INVALID_ENROLL_METHOD', { field: 'method', reason: `${e.method} enrollment is not supported`, value: e.method });
    const prepared = await enroller.prepare(e, req);
    await this.tx.run(async (m) => {
      if (!(await this.repo.consume(e.id, e.tokenHash, m))) throw invalidToken();
      await this.authenticators.insertPrepared(prepared.authenticator, m);
    });
    return prepared.result;
  }

  private async find(token: string): Promise<EnrollmentEntity> {
    if (!token) throw ApiError.validation('token', 'an enrollment token is required');
    const e = await this.repo.findByTokenHash(this.tokens.hash(token));
    if (!e || !this.tokens.matches(e, token)) throw invalidToken();
    return e;
  }
}

function invalidToken(): ApiError {
  return new ApiError('INVALID_ENROLLMENT_TOKEN');
}
