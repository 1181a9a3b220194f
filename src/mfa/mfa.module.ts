import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiSessionsModule } from '../api-sessions/api-sessions.module';
import { LockoutModule } from '../lockout/lockout.module';
import { AuthenticateMfaController } from './authenticate-mfa.controller';
import { CurrentIdentityMfaController } from './current-identity-mfa.controller';
import { IdentityMfaManagementController } from './identity-mfa.management.controller';
import { MfaEntity } from './mfa.entity';
import { MfaRepository } from './mfa.repository';
import { MfaService } from './mfa.service';

@Module({
  imports: [TypeOrmModule.forFeature([MfaEntity]), ApiSessionsModule, LockoutModule],
  controllers: [CurrentIdentityMfaController, AuthenticateMfaController, IdentityMfaManagementController],
  providers: [MfaRepository, MfaService],
  exports: [MfaService],
})
export class MfaModule {}
