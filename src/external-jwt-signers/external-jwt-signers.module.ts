import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthPoliciesModule } from '../auth-policies/auth-policies.module';
import { ExternalJwtSignerEntity } from './external-jwt-signer.entity';
import { ExternalJwtSignerRepository } from './external-jwt-signer.repository';
import { ExternalJwtSignersClientController } from './external-jwt-signers.client.controller';
import { ExternalJwtSignersManagementController } from './external-jwt-signers.management.controller';
import { ExternalJwtSignersService } from './external-jwt-signers.service';

/**
 * External JWT signers. Other modules use ExternalJwtSignersService (`findEnabledByIssuer`, `get`,
 * `anyEnabled`, `listEnabled`). What auth policies need to know about signers is bound in
 * AuthPoliciesModule (external-jwt-signer-references.ts explains why not here).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ExternalJwtSignerEntity]), AuthPoliciesModule],
  controllers: [ExternalJwtSignersManagementController, ExternalJwtSignersClientController],
  providers: [ExternalJwtSignersService, ExternalJwtSignerRepository],
  exports: [ExternalJwtSignersService],
})
export class ExternalJwtSignersModule {}
