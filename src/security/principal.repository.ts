import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { type EntityReader, FastSql } from '../database/fast-sql';
import { IdentityEntity } from '../identities/identity.entity';

/** The identity's columns a login reads: who it is and whether it is disabled (the JSON columns are not parsed). */
const LOGIN_IDENTITY = ['id', 'name', 'disabledAt', 'disabledUntil'] as const;
export type LoginIdentity = Pick<IdentityEntity, (typeof LOGIN_IDENTITY)[number]>;

/** What a login decides on: the identity, its policy, and whether it has a verified TOTP enrollment. */
export interface LoginPrincipal {
  identity: LoginIdentity;
  policy: AuthPolicyEntity;
  hasVerifiedTotp: boolean;
}

/** Read-only lookups of the identity behind a credential, with its policy, in one indexed query. */
@Injectable()
export class PrincipalRepository {
  private readonly fast: FastSql;
  private readonly identity: EntityReader<LoginIdentity>;
  private readonly policy: EntityReader<AuthPolicyEntity>;
  private readonly sql: string;

  constructor(@InjectDataSource() ds: DataSource) {
    this.fast = FastSql.of(ds);
    this.identity = this.fast.reader(IdentityEntity, 'i', LOGIN_IDENTITY);
    this.policy = this.fast.reader(AuthPolicyEntity, 'p');
    // The MFA table is read here (read-only) because the MFA module itself depends on authentication's
    // failure budget. Only a verified enrollment counts (OpenZiti's rule).
    this.sql =
      `SELECT ${this.identity.select}, ${this.policy.select}, ` +
      'EXISTS (SELECT 1 FROM mfa m WHERE m.identity_id = i.id AND m.is_verified = :verified) AS m__verified ' +
      'FROM identities i JOIN auth_policies p ON p.id = i.auth_policy_id WHERE i.id = :id';
  }

  /** The identity, its policy and its TOTP state, or null when the identity (or its policy) is gone. */
  async forLogin(identityId: string): Promise<LoginPrincipal | null> {
    const row = await this.fast.one(this.sql, { id: identityId, verified: true });
    if (!row) return null;
    return { identity: this.identity.read(row), policy: this.policy.read(row), hasVerifiedTotp: Boolean(row.get('m__verified')) };
  }
}
