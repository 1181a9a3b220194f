import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { ExtJwtFactor, type ExtJwtFactorResult } from './factors/ext-jwt.factor';

/**
 * The second factor judged on the login request itself. (Whether the identity has a verified TOTP comes
 * with its principal: PrincipalRepository.forLogin.)
 */
@Injectable()
export class SecondFactorFacts {
  constructor(private readonly extJwt: ExtJwtFactor) {}

  /** The external-JWT second factor as the login request itself satisfies it (or not). */
  extJwtOnRequest(req: FastifyRequest, identityId: string, policy: Pick<AuthPolicyEntity, 'requireExtJwtSigner'>): Promise<ExtJwtFactorResult> {
    return this.extJwt.evaluate(req, identityId, policy);
  }
}
