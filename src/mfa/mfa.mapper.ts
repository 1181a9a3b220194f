import { rfc3339 } from '../common/http/envelope';
import type { MfaView } from './mfa.service';
import type { MfaEntity } from './mfa.entity';

function base(m: MfaEntity) {
  return { id: m.id, createdAt: rfc3339(m.createdAt), updatedAt: rfc3339(m.updatedAt), tags: {}, _links: { self: { href: './current-identity/mfa' } } };
}

/** `detailMfa`: the URL and recovery codes only while enrollment is unverified (reference §3.6). */
export function toMfaDetail(v: MfaView): Record<string, unknown> {
  return {
    ...base(v.mfa),
    isVerified: v.mfa.isVerified,
    // Omitted once verified (OpenZiti sends null, which its own schema does not allow).
    ...(v.provisioningUrl ? { provisioningUrl: v.provisioningUrl, recoveryCodes: v.recoveryCodes ?? [] } : {}),
  };
}

/**
 * `detailMfaRecoveryCodes`. Stored codes are keyed hashes and cannot be shown again; `recoveryCodes` lists
 * the codes just generated (POST) or is empty (GET), and `remainingRecoveryCodes` (a ztc extension) says
 * how many unused ones are left.
 */
export function toRecoveryCodesDetail(m: MfaEntity, codes: string[]): Record<string, unknown> {
  return { ...base(m), recoveryCodes: codes, remainingRecoveryCodes: codes.length > 0 ? codes.length : m.recoveryCodeMacs.length };
}
