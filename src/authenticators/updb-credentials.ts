import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthPoliciesService } from '../auth-policies/auth-policies.service';
import { PasswordHasher } from '../common/crypto/password-hasher';
import { ApiError } from '../common/errors/api-error';
import { AuthenticatorRepository } from './authenticator.repository';

/**
 * The one way a password reaches the database: checked against the owner's auth-policy rules, then hashed
 * (argon2id). OpenZiti stores those rules without enforcing them (reference §4.2, §4.3); ztc enforces them
 * on every path that sets a password: admin create/update, self-service change, enrollment and bootstrap.
 */
@Injectable()
export class UpdbCredentials {
  constructor(
    private readonly repo: AuthenticatorRepository,
    private readonly hasher: PasswordHasher,
    private readonly policies: AuthPoliciesService,
  ) {}

  /**
   * The hash to store for `password` as `identityId`'s password. 400 COULD_NOT_VALIDATE (field `password`,
   * value never echoed) when it breaks the rules; 404 (field `identityId`) when the identity is gone.
   */
  async hashFor(identityId: string, password: string, manager?: EntityManager): Promise<string> {
    const identity = (await this.repo.identityRefs([identityId], manager)).get(identityId);
    if (!identity) throw identityNotFound(identityId);
    await this.policies.assertPassword(identity.authPolicyId, password);
    return this.hasher.hash(password);
  }

  /**
   * Constant-time check of a presented password (argon2's own comparison). With no stored hash a dummy
   * verification runs, so the answer takes as long either way.
   */
  verify(storedHash: string | null, password: string): Promise<boolean> {
    return storedHash ? this.hasher.verify(storedHash, password) : this.hasher.verifyDummy(password);
  }
}

export function identityNotFound(identityId: string): ApiError {
  return new ApiError('NOT_FOUND', { field: 'identityId', reason: 'identity not found', value: identityId });
}
