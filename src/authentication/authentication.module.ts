import { Module } from '@nestjs/common';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthenticatorsModule } from '../authenticators/authenticators.module';
import { IdentitiesModule } from '../identities/identities.module';
import { LockoutModule } from '../lockout/lockout.module';
import { AuthenticateController } from './authenticate.controller';
import { AuthenticationService } from './authentication.service';
import { PasswordMethod } from './methods/password.method';
import { PRIMARY_METHODS } from './methods/primary-method';
import { SecondFactorFacts } from './second-factor-facts';

@Module({
  imports: [ApiSessionsModule, IdentitiesModule, AuthenticatorsModule, LockoutModule],
  controllers: [AuthenticateController],
  providers: [
    AuthenticationService,
    SecondFactorFacts,
    PasswordMethod,
    // Primary methods by name; certificate and ext-JWT strategies join this list.
    { provide: PRIMARY_METHODS, useFactory: (password: PasswordMethod) => [password], inject: [PasswordMethod] },
  ],
})
export class AuthenticationModule {}
