import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { FastifyRequest } from 'fastify';
import type { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { MfaEntity } from '../mfa/mfa.entity';
import { ExtJwtFactor, type ExtJwtFactorResult } from './factors/ext-jwt.factor';

/**
 * Facts about an identity's second factors that decide whether a new session starts partial. Read from the
 * MFA table directly (read-only) because the MFA module itself depends on authentication's failure budget.
 */
@Injectable()
export class SecondFactorFacts {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly extJwt: ExtJwtFactor,
  ) {}

  /** The external-JWT second factor as the login request itself satisfies it (or not). */
  extJwtOnRequest(req: FastifyRequest, identityId: string, policy: Pick<AuthPolicyEntity, 'requireExtJwtSigner'>): Promise<ExtJwtFactorResult> {
    return this.extJwt.evaluate(req, identityId, policy);
  }

  /** Only a verified TOTP makes a login partial; an unverified enrollment does not (OpenZiti's rule). */
  hasVerifiedTotp(identityId: string): Promise<boolean> {
    return this.ds.getRepository(MfaEntity).existsBy({ identityId, isVerified: true });
  }
}
