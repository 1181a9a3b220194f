import { randomId } from '../common/crypto/random';
import { AuthenticatorEntity } from './authenticator.entity';

/**
 * A new authenticator row: no credential, every certificate flag off, no tags, created at `now`. The caller
 * names the owner and method and gives the credential columns it sets; any field given wins.
 */
export function newAuthenticator(fields: Partial<AuthenticatorEntity> & Pick<AuthenticatorEntity, 'identityId' | 'method'>, now: Date): AuthenticatorEntity {
  return Object.assign(new AuthenticatorEntity(), {
    id: randomId(),
    username: null,
    passwordHash: null,
    certPem: null,
    fingerprint: null,
    isIssuedByNetwork: false,
    isExtendRequested: false,
    isKeyRollRequested: false,
    extendRequestedAt: null,
    lastAuthResolvedToRoot: false,
    lastExtendRolledKeys: false,
    unverifiedCertPem: null,
    unverifiedFingerprint: null,
    tags: {},
    createdAt: now,
    updatedAt: now,
    ...fields,
  });
}
