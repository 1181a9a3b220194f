import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { IdentityEntity } from '../identities/identity.entity';

/** Read-only lookups the per-request guard needs: the session's identity and that identity's policy. */
@Injectable()
export class PrincipalRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  identity(id: string): Promise<IdentityEntity | null> {
    return this.ds.getRepository(IdentityEntity).findOneBy({ id });
  }

  policy(id: string): Promise<AuthPolicyEntity | null> {
    return this.ds.getRepository(AuthPolicyEntity).findOneBy({ id });
  }
}
