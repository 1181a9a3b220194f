import { Module } from '@nestjs/common';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthenticatorsModule } from '../authenticators/authenticators.module';
import { IdentitiesModule } from '../identities/identities.module';
import { AuthEventsService } from './auth-events.service';
import { AuthenticateController } from './authenticate.controller';
import { AuthenticationService } from './authentication.service';
import { FailureBudgetService } from './failure-budget.service';
import { PasswordMethod } from './methods/password.method';
import { PRIMARY_METHODS } from './methods/primary-method';
import { SecondFactorFacts } from './second-factor-facts';

@Module({
  imports: [ApiSessionsModule, IdentitiesModule, AuthenticatorsModule],
  controllers: [AuthenticateController],
  providers: [
    AuthenticationService,
    AuthEventsService,
    FailureBudgetService,
    SecondFactorFacts,
    PasswordMethod,
    // Primary methods by name; certificate and ext-JWT strategies join this list.
    { provide: PRIMARY_METHODS, useFactory: (password: PasswordMethod) => [password], inject: [PasswordMethod] },
  ],
  exports: [AuthEventsService, FailureBudgetService],
})
export class AuthenticationModule {}
