import { rfc3339 } from '../common/http/envelope';
import { isoTime } from '../common/http/iso-time';
import type { AuthQuery } from '../authentication/session-state';
import type { ApiSessionEntity } from './api-session.entity';

export interface SessionView {
  session: ApiSessionEntity;
  identityName: string;
  /** Known only to the caller holding it; the database keeps a hash. */
  token: string;
  authQueries: AuthQuery[];
  isMfaRequired: boolean;
  expiresAt: Date;
  timeoutMs: number;
  /**
   * The extension flags of the certificate authenticator behind the session, when known (a certificate
   * login reads them): an admin asked for early extension and perhaps a key roll.
   */
  certExtend?: { extendRequested: boolean; keyRollRequested: boolean };
}

function identityRef(id: string, name: string) {
  return { entity: 'identities', id, name, _links: { self: { href: `./identities/${id}` } } };
}

function base(s: ApiSessionEntity, identityName: string, self: string) {
  return {
    id: s.id,
    createdAt: rfc3339(s.createdAt),
    updatedAt: rfc3339(s.updatedAt),
    tags: s.tags ?? {},
    identity: identityRef(s.identityId, identityName),
    identityId: s.identityId,
    ipAddress: s.ipAddress,
    configTypes: s.configTypes ?? [],
    authenticatorId: s.authenticatorId,
    isCertExtendable: s.isCertExtendable,
    lastActivityAt: rfc3339(s.lastActivityAt),
    cachedLastActivityAt: rfc3339(s.lastActivityAt),
    cachedUpdatedAt: rfc3339(s.updatedAt),
    _links: { self: { href: self } },
  };
}

/**
 * `currentApiSessionDetail` (reference §3.3): what authenticate and GET /current-api-session answer. Built
 * as one literal (no spreads): it is on the path of every GET /current-api-session.
 */
export function toCurrentApiSessionDetail(v: SessionView): Record<string, unknown> {
  const s = v.session;
  const lastActivityAt = rfc3339(s.lastActivityAt);
  const updatedAt = rfc3339(s.updatedAt);
  const detail: Record<string, unknown> = {
    id: s.id,
    createdAt: rfc3339(s.createdAt),
    updatedAt,
    tags: s.tags ?? {},
    identity: identityRef(s.identityId, v.identityName),
    identityId: s.identityId,
    ipAddress: s.ipAddress,
    configTypes: s.configTypes ?? [],
    authenticatorId: s.authenticatorId,
    isCertExtendable: s.isCertExtendable,
    lastActivityAt,
    cachedLastActivityAt: lastActivityAt,
    cachedUpdatedAt: updatedAt,
    _links: { self: { href: './current-api-session' }, 'current-identity': { href: './current-identity' } },
    token: v.token,
    authQueries: v.authQueries,
    isMfaRequired: v.isMfaRequired,
    isMfaComplete: s.mfaComplete,
    expiresAt: rfc3339(v.expiresAt),
    expirationSeconds: Math.round(v.timeoutMs / 1000),
  };
  // These three are omitempty in OpenZiti: present only when true.
  if (v.certExtend?.extendRequested) detail.isCertExtendRequested = true;
  if (v.certExtend?.keyRollRequested) detail.isCertKeyRollRequested = true;
  if (s.improperClientCertChain) detail.improperClientCertChain = true;
  return detail;
}

/**
 * `apiSessionDetail` for admins. OpenZiti shows the token here; ztc stores only its SHA-256, so the field
 * is present (the schema requires it) but empty.
 */
export function toApiSessionDetail(s: ApiSessionEntity, identityName: string): Record<string, unknown> {
  return {
    ...base(s, identityName, `./api-sessions/${s.id}`),
    token: '',
    authQueries: [],
    isMfaRequired: s.mfaRequired,
    isMfaComplete: s.mfaComplete,
  };
}

/** `expires-at` in the format OpenZiti sends (Go's time.String(), not RFC 3339), e.g. `2026-01-02 03:04:05.123 +0000 UTC`. */
export function goTimeString(d: Date): string {
  const iso = isoTime(d);
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}
