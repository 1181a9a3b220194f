import { rfc3339 } from '../common/http/envelope';
import type { AuthPolicyEntity } from './auth-policy.entity';
import type { AuthPolicyCreateDto } from './dto/auth-policy-create.dto';
import type { AuthPolicyDetailDto } from './dto/auth-policy-detail.dto';
import type { AuthPolicyPatchDto } from './dto/auth-policy-patch.dto';
import { PASSWORD_MIN_LENGTH } from './password-rules';

/** The plural used in hrefs: `./auth-policies/<id>`. */
export const AUTH_POLICIES = 'auth-policies';

/** What a client can set on a policy: everything but the id and the timestamps. */
export type AuthPolicyFields = Omit<AuthPolicyEntity, 'id' | 'createdAt' | 'updatedAt'>;

/** Entity -> swagger `authPolicyDetail`: `tags` always an object, `allowedSigners` always an array. */
export function toAuthPolicyDetail(p: AuthPolicyEntity): AuthPolicyDetailDto {
  return {
    id: p.id,
    createdAt: rfc3339(p.createdAt),
    updatedAt: rfc3339(p.updatedAt),
    _links: { self: { href: `./${AUTH_POLICIES}/${p.id}` } },
    tags: { ...(p.tags ?? {}) },
    name: p.name,
    primary: {
      cert: { allowed: p.certAllowed, allowExpiredCerts: p.certAllowExpired },
      updb: {
        allowed: p.updbAllowed,
        minPasswordLength: p.minPasswordLength,
        requireSpecialChar: p.requireSpecialChar,
        requireNumberChar: p.requireNumberChar,
        requireMixedCase: p.requireMixedCase,
        maxAttempts: p.maxAttempts,
        lockoutDurationMinutes: p.lockoutDurationMinutes,
      },
      extJwt: { allowed: p.extJwtAllowed, allowedSigners: [...(p.extJwtAllowedSigners ?? [])] },
    },
    secondary: { requireTotp: p.requireTotp, requireExtJwtSigner: p.requireExtJwtSigner ?? null },
  };
}

/** A create or PUT body -> the complete field set (PUT replaces everything; absent tags become `{}`). */
export function fromAuthPolicyCreate(dto: AuthPolicyCreateDto): AuthPolicyFields {
  const { cert, updb, extJwt } = dto.primary;
  return {
    name: dto.name,
    tags: { ...(dto.tags ?? {}) },
    certAllowed: cert.allowed,
    certAllowExpired: cert.allowExpiredCerts,
    updbAllowed: updb.allowed,
    minPasswordLength: updb.minPasswordLength,
    requireSpecialChar: updb.requireSpecialChar,
    requireNumberChar: updb.requireNumberChar,
    requireMixedCase: updb.requireMixedCase,
    maxAttempts: updb.maxAttempts,
    lockoutDurationMinutes: updb.lockoutDurationMinutes,
    extJwtAllowed: extJwt.allowed,
    extJwtAllowedSigners: [...extJwt.allowedSigners],
    requireTotp: dto.secondary.requireTotp,
    requireExtJwtSigner: dto.secondary.requireExtJwtSigner ?? null,
  };
}

/**
 * A PATCH body over the current fields: a key changes only when present with a non-null value (`??` treats
 * absent and null alike); `tags` and `allowedSigners` are replaced whole. Each key maps to its own field:
 * OpenZiti's PATCH cross-wiring of `requireNumberChar`/`minPasswordLength` (reference §4.3) is not copied.
 */
export function applyAuthPolicyPatch(current: AuthPolicyFields, patch: AuthPolicyPatchDto): AuthPolicyFields {
  const cert = patch.primary?.cert;
  const updb = patch.primary?.updb;
  const extJwt = patch.primary?.extJwt;
  const secondary = patch.secondary;
  return {
    name: patch.name ?? current.name,
    tags: patch.tags ? { ...patch.tags } : current.tags,
    certAllowed: cert?.allowed ?? current.certAllowed,
    certAllowExpired: cert?.allowExpiredCerts ?? current.certAllowExpired,
    updbAllowed: updb?.allowed ?? current.updbAllowed,
    minPasswordLength: updb?.minPasswordLength ?? current.minPasswordLength,
    requireSpecialChar: updb?.requireSpecialChar ?? current.requireSpecialChar,
    requireNumberChar: updb?.requireNumberChar ?? current.requireNumberChar,
    requireMixedCase: updb?.requireMixedCase ?? current.requireMixedCase,
    maxAttempts: updb?.maxAttempts ?? current.maxAttempts,
    lockoutDurationMinutes: updb?.lockoutDurationMinutes ?? current.lockoutDurationMinutes,
    extJwtAllowed: extJwt?.allowed ?? current.extJwtAllowed,
    extJwtAllowedSigners: extJwt?.allowedSigners ? [...extJwt.allowedSigners] : current.extJwtAllowedSigners,
    requireTotp: secondary?.requireTotp ?? current.requireTotp,
    requireExtJwtSigner: secondary?.requireExtJwtSigner ?? current.requireExtJwtSigner,
  };
}

/**
 * OpenZiti's normalisation on persist (reference §4.3): a minimum password length below 5 becomes 5, and
 * negative attempt/lockout values become 0 (0 attempts = unlimited, 0 minutes = locked until unlocked).
 */
export function normaliseAuthPolicy(fields: AuthPolicyFields): AuthPolicyFields {
  return {
    ...fields,
    minPasswordLength: Math.max(fields.minPasswordLength, PASSWORD_MIN_LENGTH),
    maxAttempts: Math.max(fields.maxAttempts, 0),
    lockoutDurationMinutes: Math.max(fields.lockoutDurationMinutes, 0),
  };
}
