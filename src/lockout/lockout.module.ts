import { Module } from '@nestjs/common';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthEventsService } from './auth-events.service';
import { FailureBudgetService } from './failure-budget.service';
import { IdentityLockoutRepository } from './identity-lockout.repository';

/**
 * The durable failed-attempt budget and authentication events, in a module of their own so that every
 * place that checks a secret (login, second factors, self-service password changes) can spend the budget.
 */
@Module({
  imports: [ApiSessionsModule],
  providers: [IdentityLockoutRepository, FailureBudgetService, AuthEventsService],
  exports: [IdentityLockoutRepository, FailureBudgetService, AuthEventsService],
})
export class LockoutModule {}
