import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { signerReferencesOn } from '../external-jwt-signers/external-jwt-signer-references';
import { AuthPoliciesManagementController } from './auth-policies.management.controller';
import { AuthPoliciesService } from './auth-policies.service';
import { AuthPolicyEntity } from './auth-policy.entity';
import { AuthPolicyRepository } from './auth-policy.repository';
import { SignerReferences } from './signer-references';

/** Auth policies. Other modules use AuthPoliciesService (`get`, `exists`, `assertPassword`). */
@Module({
  imports: [TypeOrmModule.forFeature([AuthPolicyEntity])],
  controllers: [AuthPoliciesManagementController],
  providers: [
    AuthPoliciesService,
    AuthPolicyRepository,
    // Read-only lookups in the signer table. Not imported from ExternalJwtSignersModule: that module imports
    // this one (for enrollAuthPolicyId), and importing it back would be a module cycle.
    { provide: SignerReferences, useFactory: signerReferencesOn, inject: [DataSource] },
  ],
  exports: [AuthPoliciesService],
})
export class AuthPoliciesModule {}
