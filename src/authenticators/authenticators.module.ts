import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthPoliciesModule } from '../auth-policies/auth-policies.module';
import { LockoutModule } from '../lockout/lockout.module';
import { AuthenticatorEntity } from './authenticator.entity';
import { AuthenticatorRepository } from './authenticator.repository';
import { AuthenticatorsManagementController } from './authenticators.management.controller';
import { AuthenticatorsService } from './authenticators.service';
import { CurrentIdentityCredentialsService } from './current-identity-credentials.service';
import { CurrentIdentityAuthenticatorsController } from './current-identity-authenticators.controller';
import { UpdbCredentials } from './updb-credentials';

@Module({
  imports: [TypeOrmModule.forFeature([AuthenticatorEntity]), AuthPoliciesModule, ApiSessionsModule, LockoutModule],
  controllers: [AuthenticatorsManagementController, CurrentIdentityAuthenticatorsController],
  providers: [AuthenticatorRepository, UpdbCredentials, AuthenticatorsService, CurrentIdentityCredentialsService],
  exports: [AuthenticatorsService],
})
export class AuthenticatorsModule {}
