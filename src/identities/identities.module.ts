import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { AuthPoliciesModule } from '../auth-policies/auth-policies.module';
import { AuthenticatorsModule } from '../authenticators/authenticators.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { CurrentIdentityController } from './current-identity.controller';
import { DefaultAdminBootstrap } from './default-admin.bootstrap';
import { IdentitiesManagementController } from './identities.management.controller';
import { IdentitiesService } from './identities.service';
import { IdentityEntity } from './identity.entity';
import { IdentityRepository } from './identity.repository';

@Module({
  imports: [TypeOrmModule.forFeature([IdentityEntity]), AuthenticatorsModule, ApiSessionsModule, AuthPoliciesModule, EnrollmentsModule],
  controllers: [IdentitiesManagementController, CurrentIdentityController],
  providers: [IdentityRepository, DefaultAdminBootstrap, IdentitiesService],
  exports: [IdentityRepository, IdentitiesService],
})
export class IdentitiesModule {}
