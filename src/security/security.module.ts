import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { ExtJwtModule } from '../authentication/ext-jwt/ext-jwt.module';
import { PrincipalRepository } from './principal.repository';
import { SecurityResolver } from './security-resolver';
import { SessionGuard } from './session.guard';

@Global()
@Module({
  imports: [ApiSessionsModule, ExtJwtModule],
  providers: [PrincipalRepository, SecurityResolver, { provide: APP_GUARD, useClass: SessionGuard }],
  exports: [PrincipalRepository, SecurityResolver],
})
export class SecurityModule {}
