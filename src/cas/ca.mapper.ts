import { rfc3339 } from '../common/http/envelope';
import type { CaEntity, ExternalIdClaim } from './ca.entity';
import type { CaDetailDto } from './dto/ca-detail.dto';
import type { CaPatchDto } from './dto/ca-patch.dto';
import type { CaUpdateDto } from './dto/ca-update.dto';
import type { ClaimProblem } from './external-id-claim';

/** The plural used in hrefs: `./cas/<id>`. */
export const CAS = 'cas';

export const DEFAULT_IDENTITY_NAME_FORMAT = '[caName]-[commonName]';

/** What PUT/PATCH may change (the certificate and what derives from it are fixed at create). */
export type CaMutableFields = Pick<
  CaEntity,
  'name' | 'isAutoCaEnrollmentEnabled' | 'isOttCaEnrollmentEnabled' | 'isAuthEnabled' | 'identityRoles' | 'identityNameFormat' | 'externalIdClaim' | 'tags'
>;

/** The claim as the API received it: still to be type-checked (see claimFromInput). */
export type ClaimInput = Record<string, unknown> | null | undefined;

/** Entity -> swagger `caDetail`. */
export function toCaDetail(ca: CaEntity): CaDetailDto {
  const detail: CaDetailDto = {
    id: ca.id,
    createdAt: rfc3339(ca.createdAt),
    updatedAt: rfc3339(ca.updatedAt),
    _links: { self: { href: `./${CAS}/${ca.id}` }, jwt: { href: `./${CAS}/${ca.id}/jwt` }, verify: { href: `./${CAS}/${ca.id}/verify` } },
    tags: { ...(ca.tags ?? {}) },
    name: ca.name,
    fingerprint: ca.fingerprint,
    certPem: ca.certPem,
    isVerified: ca.isVerified,
    verificationToken: ca.verificationToken,
    isAutoCaEnrollmentEnabled: ca.isAutoCaEnrollmentEnabled,
    isOttCaEnrollmentEnabled: ca.isOttCaEnrollmentEnabled,
    isAuthEnabled: ca.isAuthEnabled,
    identityRoles: [...(ca.identityRoles ?? [])],
    identityNameFormat: ca.identityNameFormat,
  };
  if (ca.externalIdClaim) detail.externalIdClaim = { ...ca.externalIdClaim };
  return detail;
}

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/** A PUT body (or the mutable part of a create) -> fields; the claim is still raw, see claimFromInput. */
export function fromCaUpdate(dto: Omit<CaUpdateDto, 'identityNameFormat'> & { identityNameFormat?: string | null }): Omit<CaMutableFields, 'externalIdClaim'> {
  return {
    name: dto.name,
    isAutoCaEnrollmentEnabled: dto.isAutoCaEnrollmentEnabled,
    isOttCaEnrollmentEnabled: dto.isOttCaEnrollmentEnabled,
    isAuthEnabled: dto.isAuthEnabled,
    identityRoles: [...dto.identityRoles],
    identityNameFormat: blank(dto.identityNameFormat) ? DEFAULT_IDENTITY_NAME_FORMAT : (dto.identityNameFormat as string),
    tags: { ...(dto.tags ?? {}) },
  };
}

/** A PATCH body over the current CA: keys present with a non-null value replace the stored ones. */
export function applyCaPatch(current: CaEntity, patch: CaPatchDto): Omit<CaMutableFields, 'externalIdClaim'> {
  return fromCaUpdate({
    name: patch.name ?? current.name,
    isAutoCaEnrollmentEnabled: patch.isAutoCaEnrollmentEnabled ?? current.isAutoCaEnrollmentEnabled,
    isOttCaEnrollmentEnabled: patch.isOttCaEnrollmentEnabled ?? current.isOttCaEnrollmentEnabled,
    isAuthEnabled: patch.isAuthEnabled ?? current.isAuthEnabled,
    identityRoles: patch.identityRoles ?? current.identityRoles,
    identityNameFormat: patch.identityNameFormat ?? current.identityNameFormat,
    tags: patch.tags ?? current.tags,
  });
}

/**
 * A received `externalIdClaim` (merged over `base` for PATCH) -> a typed claim, or the first field that is
 * of the wrong type. null/absent -> null. The criteria default to '' and `index` to 0; location, matcher
 * and parser have no sensible default and are required. Rules across fields are externalIdClaimProblem's.
 */
export function claimFromInput(input: ClaimInput, base: ExternalIdClaim | null = null): ExternalIdClaim | null | ClaimProblem {
  if (input === null || input === undefined) return base;
  const merged: Record<string, unknown> = { ...(base ?? {}) };
  for (const [k, v] of Object.entries(input)) if (v !== null && v !== undefined) merged[k] = v;
  for (const key of ['location', 'matcher', 'parser'] as const) {
    if (typeof merged[key] !== 'string') return { field: `externalIdClaim.${key}`, reason: 'is required and must be a string' };
  }
  for (const key of ['matcherCriteria', 'parserCriteria'] as const) {
    merged[key] ??= '';
    if (typeof merged[key] !== 'string') return { field: `externalIdClaim.${key}`, reason: 'must be a string' };
  }
  merged.index ??= 0;
  if (typeof merged.index !== 'number') return { field: 'externalIdClaim.index', reason: 'must be a whole number of at least 0' };
  const { location, matcher, matcherCriteria, parser, parserCriteria, index } = merged as unknown as ExternalIdClaim;
  return { location, matcher, matcherCriteria, parser, parserCriteria, index };
}

export function isClaimProblem(v: ExternalIdClaim | ClaimProblem | null): v is ClaimProblem {
  return v !== null && 'reason' in v;
}
