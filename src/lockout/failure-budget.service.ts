import { Injectable } from '@nestjs/common';
import { ApiSessionsService } from '../api-sessions/api-sessions.service';
import type { AuthPolicyEntity } from '../auth-policies/auth-policy.entity';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { IdentityLockoutRepository } from './identity-lockout.repository';
import { AuthEventsService } from './auth-events.service';

/**
 * The one failed-attempt budget per identity, shared by wrong passwords and wrong second-factor codes.
 * Reaching the policy's maxAttempts disables the identity for lockoutDurationMinutes and ends its sessions.
 */
@Injectable()
export class FailureBudgetService {
  constructor(
    private readonly lockout: IdentityLockoutRepository,
    private readonly sessions: ApiSessionsService,
    private readonly tx: TransactionRunner,
    private readonly events: AuthEventsService,
    private readonly clock: Clock,
  ) {}

  /** Returns true when this failure locked the identity. */
  async countFailure(identityId: string, policy: Pick<AuthPolicyEntity, 'maxAttempts' | 'lockoutDurationMinutes'>, method: string, ipAddress: string): Promise<boolean> {
    const now = this.clock.now();
    const locked = await this.tx.run(async (m) => {
      const hit = await this.lockout.registerFailure(m, identityId, policy.maxAttempts, policy.lockoutDurationMinutes, now);
      if (hit) await this.sessions.deleteAllForIdentity(identityId, m);
      return hit;
    });
    if (locked) this.events.record({ kind: 'lockout', reason: 'locked', identityId, method, ipAddress });
    return locked;
  }
}
