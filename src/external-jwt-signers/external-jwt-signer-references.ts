import type { DataSource } from 'typeorm';
import { SignerReferences } from '../auth-policies/signer-references';
import { ExternalJwtSignerEntity } from './external-jwt-signer.entity';
import { ExternalJwtSignerRepository } from './external-jwt-signer.repository';

/**
 * The real answer to what auth policies ask about signers, from the signer table's named queries.
 *
 * It is bound in AuthPoliciesModule (see signerReferencesProvider there) rather than exported by
 * ExternalJwtSignersModule: the signer module imports AuthPoliciesModule (to check `enrollAuthPolicyId`),
 * so importing it back would make the two modules depend on each other. Both lookups are read-only, so
 * building the repository on the shared DataSource costs nothing and keeps the queries in one place.
 */
export class ExternalJwtSignerReferences extends SignerReferences {
  constructor(private readonly signers: ExternalJwtSignerRepository) {
    super();
  }

  exists(ids: readonly string[]): Promise<Set<string>> {
    return this.signers.idsAmong(ids);
  }

  enrollingWith(policyId: string): Promise<string[]> {
    return this.signers.idsEnrollingWith(policyId);
  }
}

/** Factory for the `SignerReferences` provider (inject: [DataSource]). */
export function signerReferencesOn(dataSource: DataSource): SignerReferences {
  return new ExternalJwtSignerReferences(new ExternalJwtSignerRepository(dataSource.getRepository(ExternalJwtSignerEntity)));
}
