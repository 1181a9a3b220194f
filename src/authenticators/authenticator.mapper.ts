import { rfc3339 } from '../common/http/envelope';
import type { JsonObject } from '../database/columns';
import type { AuthenticatorEntity } from './authenticator.entity';
import type { AuthenticatorDetailDto } from './dto/authenticator-detail.dto';
import type { AuthenticatorPatchDto, AuthenticatorUpdateDto } from './dto/authenticator-update.dto';

export const AUTHENTICATORS = 'authenticators';
export const CURRENT_IDENTITY_AUTHENTICATORS = 'current-identity/authenticators';

/** The updb fields a PUT or PATCH may change; an absent key is left as it is. */
export interface AuthenticatorChanges {
  username?: string;
  password?: string;
  tags?: JsonObject;
}

/**
 * `authenticatorDetail`. Built field by field from an allow-list, never by spreading the entity, so the
 * password hash (and the unverified certificate of a pending extension) cannot leak through a new column.
 * `collection` is where `self` points: `authenticators` (management) or `current-identity/authenticators`.
 */
export function toAuthenticatorDetail(
  a: AuthenticatorEntity,
  identityName: string,
  collection: typeof AUTHENTICATORS | typeof CURRENT_IDENTITY_AUTHENTICATORS = AUTHENTICATORS,
): AuthenticatorDetailDto {
  const detail: AuthenticatorDetailDto = {
    id: a.id,
    createdAt: rfc3339(a.createdAt),
    updatedAt: rfc3339(a.updatedAt),
    tags: a.tags ?? {},
    _links: { self: { href: `./${collection}/${a.id}` } },
    method: a.method,
    identityId: a.identityId,
    identity: { entity: 'identities', id: a.identityId, name: identityName, _links: { self: { href: `./identities/${a.identityId}` } } },
  };
  if (a.method === 'updb') {
    detail.username = a.username ?? '';
    return detail;
  }
  return {
    ...detail,
    certPem: a.certPem ?? '',
    fingerprint: a.fingerprint ?? '',
    isIssuedByNetwork: a.isIssuedByNetwork,
    isExtendRequested: a.isExtendRequested,
    isKeyRollRequested: a.isKeyRollRequested,
    extendRequestedAt: rfc3339(a.extendRequestedAt),
    lastAuthResolvedToRoot: a.lastAuthResolvedToRoot,
    lastExtendRolledKeys: a.lastExtendRolledKeys,
  };
}

/** PUT replaces every mutable field: omitted (or null) tags become `{}`. */
export function fromAuthenticatorUpdate(dto: AuthenticatorUpdateDto): AuthenticatorChanges {
  return { username: dto.username, password: dto.password, tags: dto.tags ?? {} };
}

/** PATCH changes only the keys present with a non-null value (OpenZiti ignores JSON null in a PATCH). */
export function fromAuthenticatorPatch(dto: AuthenticatorPatchDto): AuthenticatorChanges {
  const changes: AuthenticatorChanges = {};
  if (dto.username !== undefined && dto.username !== null) changes.username = dto.username;
  if (dto.password !== undefined && dto.password !== null) changes.password = dto.password;
  if (dto.tags !== undefined && dto.tags !== null) changes.tags = dto.tags;
  return changes;
}
