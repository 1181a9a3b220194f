import { DEFAULT_AUTH_POLICY_ID } from '../auth-policies/auth-policies.service';
import { rfc3339 } from '../common/http/envelope';
import type { ClientExternalJwtSignerDetailDto, ExternalJwtSignerDetailDto } from './dto/external-jwt-signer-detail.dto';
import type { ExternalJwtSignerCreateDto } from './dto/external-jwt-signer-create.dto';
import type { ExternalJwtSignerPatchDto } from './dto/external-jwt-signer-patch.dto';
import type { ExternalJwtSignerEntity } from './external-jwt-signer.entity';

/** The plural used in hrefs: `./external-jwt-signers/<id>`. */
export const EXTERNAL_JWT_SIGNERS = 'external-jwt-signers';

/** Go's zero `time.Time`, which OpenZiti sends as notBefore/notAfter of signers without a certificate. */
export const ZERO_TIME = '0001-01-01T00:00:00.000Z';

export const DEFAULT_CLAIMS_PROPERTY = '/sub';

/** What clients set; the certificate facts (fingerprint, commonName, validity) are derived by the service. */
export type ExternalJwtSignerFields = Omit<ExternalJwtSignerEntity, 'id' | 'createdAt' | 'updatedAt' | 'fingerprint' | 'commonName' | 'notBefore' | 'notAfter'>;

const blank = (v: string | null | undefined): v is null | undefined | '' => v === null || v === undefined || v.trim() === '';
const orNull = (v: string | null | undefined): string | null => (blank(v) ? null : v);
const orDefault = (v: string | null | undefined, def: string): string => (blank(v) ? def : v);

function base(s: ExternalJwtSignerEntity) {
  return {
    id: s.id,
    createdAt: rfc3339(s.createdAt),
    updatedAt: rfc3339(s.updatedAt),
    _links: { self: { href: `./${EXTERNAL_JWT_SIGNERS}/${s.id}` } },
  };
}

/**
 * Entity -> swagger `externalJwtSignerDetail`. Every required key is present (null where unset, as
 * OpenZiti sends); the enrollment booleans are always sent although OpenZiti omits them when false.
 */
export function toExternalJwtSignerDetail(s: ExternalJwtSignerEntity): ExternalJwtSignerDetailDto {
  const detail: ExternalJwtSignerDetailDto = {
    ...base(s),
    tags: { ...(s.tags ?? {}) },
    name: s.name,
    enabled: s.enabled,
    certPem: s.certPem ?? null,
    jwksEndpoint: s.jwksEndpoint ?? null,
    fingerprint: s.fingerprint ?? null,
    commonName: s.commonName ?? '',
    notBefore: rfc3339(s.notBefore) ?? ZERO_TIME,
    notAfter: rfc3339(s.notAfter) ?? ZERO_TIME,
    kid: s.kid ?? null,
    issuer: s.issuer,
    audience: s.audience,
    externalAuthUrl: s.externalAuthUrl ?? null,
    claimsProperty: s.claimsProperty,
    useExternalId: s.useExternalId,
    clientId: s.clientId ?? null,
    scopes: s.scopes ? [...s.scopes] : null,
    targetToken: s.targetToken,
    enrollToCertEnabled: s.enrollToCertEnabled,
    enrollToTokenEnabled: s.enrollToTokenEnabled,
  };
  // omitempty in OpenZiti and not nullable in the swagger: left out when unset.
  if (s.enrollAttributeClaimsSelector) detail.enrollAttributeClaimsSelector = s.enrollAttributeClaimsSelector;
  if (s.enrollAuthPolicyId) detail.enrollAuthPolicyId = s.enrollAuthPolicyId;
  if (s.enrollNameClaimsSelector) detail.enrollNameClaimsSelector = s.enrollNameClaimsSelector;
  return detail;
}

/**
 * Entity -> client swagger `clientExternalJwtSignerDetail`, served to anonymous callers: only what an SDK
 * needs to ask the IdP for a token. Tags are admin metadata, so they are sent empty rather than leaked.
 */
export function toClientExternalJwtSignerDetail(s: ExternalJwtSignerEntity): ClientExternalJwtSignerDetailDto {
  return {
    ...base(s),
    tags: {},
    name: s.name,
    externalAuthUrl: s.externalAuthUrl ?? null,
    clientId: s.clientId ?? null,
    scopes: s.scopes ? [...s.scopes] : null,
    audience: s.audience,
    targetToken: s.targetToken,
    enrollToCertEnabled: s.enrollToCertEnabled,
    enrollToTokenEnabled: s.enrollToTokenEnabled,
  };
}

/**
 * A create or PUT body -> the complete field set with OpenZiti's defaults: blank optional strings are
 * unset, `claimsProperty` and `enrollNameClaimsSelector` default to `/sub`, `enrollAuthPolicyId` to
 * `default`, `targetToken` to `ACCESS` (also when PUT sends null), `useExternalId` to false, tags to `{}`.
 */
export function fromExternalJwtSignerCreate(dto: ExternalJwtSignerCreateDto): ExternalJwtSignerFields {
  return {
    name: dto.name,
    enabled: dto.enabled,
    issuer: dto.issuer,
    audience: dto.audience,
    certPem: orNull(dto.certPem),
    jwksEndpoint: orNull(dto.jwksEndpoint),
    kid: orNull(dto.kid),
    externalAuthUrl: orNull(dto.externalAuthUrl),
    claimsProperty: orDefault(dto.claimsProperty, DEFAULT_CLAIMS_PROPERTY),
    useExternalId: dto.useExternalId ?? false,
    clientId: orNull(dto.clientId),
    scopes: dto.scopes ? [...dto.scopes] : null,
    targetToken: dto.targetToken ?? 'ACCESS',
    tags: { ...(dto.tags ?? {}) },
    enrollToCertEnabled: dto.enrollToCertEnabled ?? false,
    enrollToTokenEnabled: dto.enrollToTokenEnabled ?? false,
    enrollAttributeClaimsSelector: orNull(dto.enrollAttributeClaimsSelector),
    enrollNameClaimsSelector: orDefault(dto.enrollNameClaimsSelector, DEFAULT_CLAIMS_PROPERTY),
    enrollAuthPolicyId: orDefault(dto.enrollAuthPolicyId, DEFAULT_AUTH_POLICY_ID),
  };
}

/**
 * A PATCH body over the current signer: each key present with a non-null value replaces the stored one
 * (`??` treats absent and null alike), then the create defaults apply, so a blank string clears an
 * optional field. `tags` and `scopes` are replaced whole.
 */
export function applyExternalJwtSignerPatch(current: ExternalJwtSignerEntity, patch: ExternalJwtSignerPatchDto): ExternalJwtSignerFields {
  return fromExternalJwtSignerCreate({
    name: patch.name ?? current.name,
    enabled: patch.enabled ?? current.enabled,
    issuer: patch.issuer ?? current.issuer,
    audience: patch.audience ?? current.audience,
    certPem: patch.certPem ?? current.certPem,
    jwksEndpoint: patch.jwksEndpoint ?? current.jwksEndpoint,
    kid: patch.kid ?? current.kid,
    externalAuthUrl: patch.externalAuthUrl ?? current.externalAuthUrl,
    claimsProperty: patch.claimsProperty ?? current.claimsProperty,
    useExternalId: patch.useExternalId ?? current.useExternalId,
    clientId: patch.clientId ?? current.clientId,
    scopes: patch.scopes ?? current.scopes,
    targetToken: patch.targetToken ?? current.targetToken,
    tags: patch.tags ?? current.tags,
    enrollToCertEnabled: patch.enrollToCertEnabled ?? current.enrollToCertEnabled,
    enrollToTokenEnabled: patch.enrollToTokenEnabled ?? current.enrollToTokenEnabled,
    enrollAttributeClaimsSelector: patch.enrollAttributeClaimsSelector ?? current.enrollAttributeClaimsSelector,
    enrollNameClaimsSelector: patch.enrollNameClaimsSelector ?? current.enrollNameClaimsSelector,
    enrollAuthPolicyId: patch.enrollAuthPolicyId ?? current.enrollAuthPolicyId,
  });
}
