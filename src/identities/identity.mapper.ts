import { DEFAULT_AUTH_POLICY_ID } from '../auth-policies/auth-policies.service';
import type { AuthenticatorEntity } from '../authenticators/authenticator.entity';
import { rfc3339 } from '../common/http/envelope';
import type { IdentityEnrollmentsDto } from '../enrollments/dto/enrollment-detail.dto';
import type { EntityRefDto } from '../common/http/wire.dto';
import type { IdentityDetailDto } from './dto/identity-detail.dto';
import type { IdentityPatchDto } from './dto/identity-patch.dto';
import type { IdentityUpdateDto } from './dto/identity-update.dto';
import { type IdentityEntity, isDisabled } from './identity.entity';

/** The plural used in hrefs: `./identities/<id>`. */
export const IDENTITIES = 'identities';

/** Sub-resources OpenZiti links from every identity (reference §1.1), besides `self` and `auth-policies`. */
const SUB_RESOURCES = [
  'edge-router-policies', 'edge-routers', 'service-policies', 'services', 'posture-data', 'failed-service-requests',
  'authenticators', 'enrollments', 'service-configs',
];

/** What a client can set on an identity through create, PUT and PATCH. */
export type IdentityFields = Pick<
  IdentityEntity,
  | 'name' | 'type' | 'isAdmin' | 'authPolicyId' | 'externalId' | 'roleAttributes' | 'tags' | 'appData'
  | 'defaultHostingPrecedence' | 'defaultHostingCost' | 'serviceHostingPrecedences' | 'serviceHostingCosts' | 'permissions'
>;

/** An identity with the facts its detail shows that live outside its row. */
export interface IdentityView {
  identity: IdentityEntity;
  authenticators: AuthenticatorEntity[];
  hasApiSession: boolean;
  /** A verified TOTP enrollment exists. */
  isMfaEnabled: boolean;
  authPolicyName: string;
  /** Outstanding enrollments with their tokens and JWTs; absent where they must not be shown (current-identity). */
  enrollment?: IdentityEnrollmentsDto;
  /** The instant `disabled` is judged at. */
  now: Date;
}

function ref(entity: string, id: string, name: string): EntityRefDto {
  return { entity, id, name, _links: { self: { href: `./${entity}/${id}` } } };
}

function authenticatorSummary(list: AuthenticatorEntity[]): IdentityDetailDto['authenticators'] {
  const out: IdentityDetailDto['authenticators'] = {};
  const updb = list.find((a) => a.method === 'updb');
  const cert = list.find((a) => a.method === 'cert');
  if (updb) out.updb = { id: updb.id, username: updb.username ?? '' };
  if (cert) out.cert = { id: cert.id, fingerprint: cert.fingerprint ?? '' };
  return out;
}

/** Entity + facts -> swagger `identityDetail`: every required key present, objects never null. */
export function toIdentityDetail(v: IdentityView): IdentityDetailDto {
  const i = v.identity;
  const self = `./${IDENTITIES}/${i.id}`;
  const links: IdentityDetailDto['_links'] = { self: { href: self } };
  for (const sub of SUB_RESOURCES) links[sub] = { href: `${self}/${sub}` };
  links['auth-policies'] = { href: `./auth-policies/${i.authPolicyId}` };
  return {
    id: i.id,
    createdAt: rfc3339(i.createdAt),
    updatedAt: rfc3339(i.updatedAt),
    _links: links,
    tags: { ...(i.tags ?? {}) },
    name: i.name,
    // Identity types are a fixed set whose ids are their names.
    type: ref('identity-types', i.type, i.type),
    typeId: i.type,
    isAdmin: i.isAdmin,
    isDefaultAdmin: i.isDefaultAdmin,
    authPolicyId: i.authPolicyId,
    authPolicy: ref('auth-policies', i.authPolicyId, v.authPolicyName),
    externalId: i.externalId ?? null,
    roleAttributes: [...(i.roleAttributes ?? [])],
    appData: { ...(i.appData ?? {}) },
    envInfo: { ...(i.envInfo ?? {}) },
    sdkInfo: { ...(i.sdkInfo ?? {}) },
    defaultHostingPrecedence: i.defaultHostingPrecedence,
    defaultHostingCost: i.defaultHostingCost,
    serviceHostingPrecedences: { ...(i.serviceHostingPrecedences ?? {}) },
    serviceHostingCosts: { ...(i.serviceHostingCosts ?? {}) },
    permissions: [...(i.permissions ?? [])],
    authenticators: authenticatorSummary(v.authenticators),
    enrollment: { ...(v.enrollment ?? {}) },
    hasApiSession: v.hasApiSession,
    isMfaEnabled: v.isMfaEnabled,
    // ztc runs no edge routers, so no identity is ever connected to one.
    hasEdgeRouterConnection: false,
    edgeRouterConnectionStatus: 'offline',
    interfaces: [],
    disabled: isDisabled(i, v.now),
    disabledAt: rfc3339(i.disabledAt),
    disabledUntil: rfc3339(i.disabledUntil),
  };
}

/** A given `authPolicyId`: blank means the default policy; undefined when not given (absent or null). */
function policyIdOf(v: string | null | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  return v.trim() === '' ? DEFAULT_AUTH_POLICY_ID : v;
}

/** A given `externalId`: blank means unset (null); undefined when not given (absent or null). */
function externalIdOf(v: string | null | undefined): string | null | undefined {
  if (v === undefined || v === null) return undefined;
  return v.trim() === '' ? null : v;
}

/**
 * A PUT body -> the complete field set: every optional field left out becomes its empty value, a blank
 * `authPolicyId` the default policy (as OpenZiti does), a blank `externalId` unset (so two identities
 * without one never clash on the unique index).
 */
export function fromIdentityUpdate(dto: IdentityUpdateDto): IdentityFields {
  return {
    name: dto.name,
    type: dto.type,
    isAdmin: dto.isAdmin,
    authPolicyId: policyIdOf(dto.authPolicyId) ?? DEFAULT_AUTH_POLICY_ID,
    externalId: externalIdOf(dto.externalId) ?? null,
    roleAttributes: [...(dto.roleAttributes ?? [])],
    tags: { ...(dto.tags ?? {}) },
    appData: { ...(dto.appData ?? {}) },
    defaultHostingPrecedence: dto.defaultHostingPrecedence ?? 'default',
    defaultHostingCost: dto.defaultHostingCost ?? 0,
    serviceHostingPrecedences: { ...(dto.serviceHostingPrecedences ?? {}) },
    serviceHostingCosts: { ...(dto.serviceHostingCosts ?? {}) },
    permissions: [...(dto.permissions ?? [])],
  };
}

/**
 * A create body -> the field set. OpenZiti ignores the requested `type` on create and always stores
 * `Default` (reference §4.1); ztc does the same so clients see the same identity either way. PUT and
 * PATCH do store the type they are given.
 */
export function fromIdentityCreate(dto: IdentityUpdateDto): IdentityFields {
  return { ...fromIdentityUpdate(dto), type: 'Default' };
}

/**
 * A PATCH body over the current fields: a key changes only when present with a non-null value (`??` treats
 * absent and null alike); objects and lists are replaced whole.
 */
export function applyIdentityPatch(current: IdentityFields, p: IdentityPatchDto): IdentityFields {
  const copy = <T extends object>(v: T | null | undefined): T | undefined => (v ? (Array.isArray(v) ? ([...v] as T) : { ...v }) : undefined);
  const externalId = externalIdOf(p.externalId);
  return {
    name: p.name ?? current.name,
    type: p.type ?? current.type,
    isAdmin: p.isAdmin ?? current.isAdmin,
    authPolicyId: policyIdOf(p.authPolicyId) ?? current.authPolicyId,
    externalId: externalId === undefined ? current.externalId : externalId,
    roleAttributes: copy(p.roleAttributes) ?? current.roleAttributes,
    tags: copy(p.tags) ?? current.tags,
    appData: copy(p.appData) ?? current.appData,
    defaultHostingPrecedence: p.defaultHostingPrecedence ?? current.defaultHostingPrecedence,
    defaultHostingCost: p.defaultHostingCost ?? current.defaultHostingCost,
    serviceHostingPrecedences: copy(p.serviceHostingPrecedences) ?? current.serviceHostingPrecedences,
    serviceHostingCosts: copy(p.serviceHostingCosts) ?? current.serviceHostingCosts,
    permissions: copy(p.permissions) ?? current.permissions,
  };
}
