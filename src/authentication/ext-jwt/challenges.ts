import type { ExternalJwtSignerEntity } from '../../external-jwt-signers/external-jwt-signer.entity';
import type { JwtError } from './ext-jwt-verifier';

const DESCRIPTIONS: Record<JwtError, string> = {
  missing: 'no matching token was provided',
  invalid: 'token is invalid',
  expired: 'token expired',
};

/** `Bearer realm="openziti-primary-ext-jwt"|"openziti-secondary-ext-jwt" ...` (reference §1.4). */
export function extJwtChallenge(realm: 'primary' | 'secondary', error: JwtError, signers: Pick<ExternalJwtSignerEntity, 'id' | 'issuer'>[]): string {
  const ids = signers.map((s) => s.id).join('|');
  const issuers = signers.map((s) => s.issuer).join('|');
  return `Bearer realm="openziti-${realm}-ext-jwt" error="${error}" error_description="${DESCRIPTIONS[error]}" id="${ids}" issuer="${issuers}"`;
}
