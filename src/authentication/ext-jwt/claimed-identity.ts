import type { JWTPayload } from 'jose';
import type { ExternalJwtSignerEntity } from '../../external-jwt-signers/external-jwt-signer.entity';
import type { IdentityEntity } from '../../identities/identity.entity';
import type { IdentityRepository } from '../../identities/identity.repository';
import { readPointer } from '../../common/json-pointer';

/**
 * The identity a verified token names: the claim at the signer's `claimsProperty` must be a string, and
 * is an identity id, or the identity's `externalId` when the signer has `useExternalId`.
 */
export async function claimedIdentity(claims: JWTPayload, signer: ExternalJwtSignerEntity, identities: IdentityRepository): Promise<IdentityEntity | null> {
  const value = readPointer(claims, signer.claimsProperty || '/sub');
  if (typeof value !== 'string' || value === '') return null;
  return signer.useExternalId ? identities.findByExternalId(value) : identities.findById(value);
}
