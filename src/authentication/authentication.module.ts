import { Module } from '@nestjs/common';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthenticatorsModule } from '../authenticators/authenticators.module';
import { CasModule } from '../cas/cas.module';
import { IdentitiesModule } from '../identities/identities.module';
import { LockoutModule } from '../lockout/lockout.module';
import { ExtJwtModule } from './ext-jwt/ext-jwt.module';
import { ExtJwtMethod } from './methods/ext-jwt.method';
import { AuthenticateController } from './authenticate.controller';
import { AuthenticationService } from './authentication.service';
import { SessionIssuer } from './session-issuer';
import { CertMethod } from './methods/cert.method';
import { PasswordMethod } from './methods/password.method';
import { PRIMARY_METHODS } from './methods/primary-method';
import { SecondFactorFacts } from './second-factor-facts';
import { ClientCertTrustPool } from './tls/trust-pool';

@Module({
  imports: [ApiSessionsModule, IdentitiesModule, AuthenticatorsModule, LockoutModule, ExtJwtModule, CasModule],
  controllers: [AuthenticateController],
  providers: [
    AuthenticationService,
    SessionIssuer,
    SecondFactorFacts,
    PasswordMethod,
    CertMethod,
    ClientCertTrustPool,
    // Primary methods, looked up by name from `?method=`.
    {
      provide: PRIMARY_METHODS,
      useFactory: (password: PasswordMethod, cert: CertMethod, extJwt: ExtJwtMethod) => [password, cert, extJwt],
      inject: [PasswordMethod, CertMethod, ExtJwtMethod],
    },
  ],
})
export class AuthenticationModule {}
