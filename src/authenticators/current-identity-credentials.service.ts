import { Injectable } from '@nestjs/common';
import { FailureBudgetService } from '../lockout/failure-budget.service';
import type { SecurityContext } from '../security/security-context';
import type { AuthenticatorChanges } from './authenticator.mapper';
import { AuthenticatorsService, isWrongCurrentPassword } from './authenticators.service';

/**
 * Self-service credential changes. A wrong `currentPassword` spends the same durable failure budget as a
 * wrong login password: otherwise a stolen session could guess the password here without limit.
 */
@Injectable()
export class CurrentIdentityCredentialsService {
  constructor(
    private readonly authenticators: AuthenticatorsService,
    private readonly budget: FailureBudgetService,
  ) {}

  async update(sec: SecurityContext, id: string, changes: AuthenticatorChanges, currentPassword: string): Promise<void> {
    try {
      await this.authenticators.updateOwn(sec.identity.id, id, changes, currentPassword);
    } catch (e) {
      if (isWrongCurrentPassword(e)) await this.budget.countFailure(sec.identity.id, sec.policy, 'password', sec.session.ipAddress);
      throw e;
    }
  }
}
