import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticatorsModule } from '../authenticators/authenticators.module';
import { DefaultAdminBootstrap } from './default-admin.bootstrap';
import { IdentityLockoutRepository } from './identity-lockout.repository';
import { IdentityEntity } from './identity.entity';
import { IdentityRepository } from './identity.repository';

@Module({
  imports: [TypeOrmModule.forFeature([IdentityEntity]), AuthenticatorsModule],
  providers: [IdentityRepository, IdentityLockoutRepository, DefaultAdminBootstrap],
  exports: [IdentityRepository, IdentityLockoutRepository],
})
export class IdentitiesModule {}
