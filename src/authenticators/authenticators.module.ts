import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthPoliciesModule } from '../auth-policies/auth-policies.module';
import { LockoutModule } from '../lockout/lockout.module';
import { AuthenticatorEntity } from './authenticator.entity';
import { AuthenticatorRepository } from './authenticator.repository';
import { AuthenticatorsManagementController } from './authenticators.management.controller';
import { AuthenticatorsExtendManagementController } from './authenticators-extend.management.controller';
import { AuthenticatorsService } from './authenticators.service';
import { CertExtendService } from './cert-extend.service';
import { CurrentIdentityCredentialsService } from './current-identity-credentials.service';
import { CurrentIdentityAuthenticatorsController } from './current-identity-authenticators.controller';
import { CurrentIdentityExtendController } from './current-identity-extend.controller';
import { UpdbCredentials } from './updb-credentials';

@Module({
  imports: [TypeOrmModule.forFeature([AuthenticatorEntity]), AuthPoliciesModule, ApiSessionsModule, LockoutModule],
  controllers: [AuthenticatorsManagementController, CurrentIdentityAuthenticatorsController, CurrentIdentityExtendController, AuthenticatorsExtendManagementController],
  providers: [AuthenticatorRepository, UpdbCredentials, AuthenticatorsService, CurrentIdentityCredentialsService, CertExtendService],
  exports: [AuthenticatorsService, CertExtendService],
})
export class AuthenticatorsModule {}
