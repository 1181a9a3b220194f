import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { PasswordHasher } from '../common/crypto/password-hasher';
import { randomId } from '../common/crypto/random';
import { ApiError } from '../common/errors/api-error';
import { AuthenticatorEntity } from './authenticator.entity';
import { AuthenticatorRepository } from './authenticator.repository';

@Injectable()
export class AuthenticatorsService {
  constructor(
    private readonly repo: AuthenticatorRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  findUpdbByUsername(username: string): Promise<AuthenticatorEntity | null> {
    return this.repo.findUpdbByUsername(username);
  }

  listForIdentity(identityId: string): Promise<AuthenticatorEntity[]> {
    return this.repo.listForIdentity(identityId);
  }

  listForIdentities(identityIds: string[]): Promise<AuthenticatorEntity[]> {
    return this.repo.listForIdentities(identityIds);
  }

  /** Creates a username/password authenticator. Password rules are the caller's to check first. */
  async createUpdb(identityId: string, username: string, password: string, manager?: EntityManager): Promise<AuthenticatorEntity> {
    if (await this.repo.hasMethod(identityId, 'updb')) throw new ApiError('MAX_AUTHENTICATOR_METHODS_REACHED');
    if (await this.repo.findUpdbByUsername(username)) throw ApiError.validation('username', 'username is already in use', username);
    const now = this.clock.now();
    return this.repo.insert(
      Object.assign(new AuthenticatorEntity(), {
        id: randomId(),
        identityId,
        method: 'updb',
        username,
        passwordHash: await this.hasher.hash(password),
        certPem: null,
        fingerprint: null,
        isIssuedByNetwork: false,
        isExtendRequested: false,
        isKeyRollRequested: false,
        extendRequestedAt: null,
        lastAuthResolvedToRoot: false,
        lastExtendRolledKeys: false,
        unverifiedCertPem: null,
        unverifiedFingerprint: null,
        tags: {},
        createdAt: now,
        updatedAt: now,
      }),
      manager,
    );
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.repo.update(id, { passwordHash: await this.hasher.hash(password), updatedAt: this.clock.now() });
  }
}
