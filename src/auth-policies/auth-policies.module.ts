import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthPoliciesManagementController } from './auth-policies.management.controller';
import { AuthPoliciesService } from './auth-policies.service';
import { AuthPolicyEntity } from './auth-policy.entity';
import { AuthPolicyRepository } from './auth-policy.repository';
import { NoSignerReferences } from './no-signer-references';
import { SignerReferences } from './signer-references';

/** Auth policies. Other modules use AuthPoliciesService (`get`, `exists`, `assertPassword`). */
@Module({
  imports: [TypeOrmModule.forFeature([AuthPolicyEntity])],
  controllers: [AuthPoliciesManagementController],
  providers: [
    AuthPoliciesService,
    AuthPolicyRepository,
    // Until the external-JWT-signer module exists no signer does; it will supply the real binding.
    { provide: SignerReferences, useClass: NoSignerReferences },
  ],
  exports: [AuthPoliciesService],
})
export class AuthPoliciesModule {}
