import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MfaEntity } from '../mfa/mfa.entity';

/**
 * Facts about an identity's second factors that decide whether a new session starts partial. Read from the
 * MFA table directly (read-only) because the MFA module itself depends on authentication's failure budget.
 */
@Injectable()
export class SecondFactorFacts {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Only a verified TOTP makes a login partial; an unverified enrollment does not (OpenZiti's rule). */
  hasVerifiedTotp(identityId: string): Promise<boolean> {
    return this.ds.getRepository(MfaEntity).existsBy({ identityId, isVerified: true });
  }
}
