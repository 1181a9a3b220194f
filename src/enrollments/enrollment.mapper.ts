import { rfc3339 } from '../common/http/envelope';
import type { EnrollmentDetailDto, IdentityEnrollmentsDto } from './dto/enrollment-detail.dto';
import type { EnrollmentEntity } from './enrollment.entity';

/** The plural used in hrefs: `./enrollments/<id>`. */
export const ENROLLMENTS = 'enrollments';

/** An enrollment with what its detail shows besides the row: the owner's name and the revealed token and JWT. */
export interface EnrollmentView {
  enrollment: EnrollmentEntity;
  identityName: string;
  token: string;
  jwt: string;
}

/** Entity + facts -> swagger `enrollmentDetail`, field by field (never the hash or the sealed token). */
export function toEnrollmentDetail(v: EnrollmentView): EnrollmentDetailDto {
  const e = v.enrollment;
  const detail: EnrollmentDetailDto = {
    id: e.id,
    createdAt: rfc3339(e.createdAt),
    updatedAt: rfc3339(e.updatedAt),
    _links: { self: { href: `./${ENROLLMENTS}/${e.id}` }, identities: { href: `./identities/${e.identityId}` } },
    tags: {},
    method: e.method,
    token: v.token,
    jwt: v.jwt,
    expiresAt: rfc3339(e.expiresAt),
    identityId: e.identityId,
    identity: { entity: 'identities', id: e.identityId, name: v.identityName, _links: { self: { href: `./identities/${e.identityId}` } } },
    caId: e.caId,
    details: {},
  };
  // OpenZiti's mapping leaves `username` empty (reference §4.6); showing it is what an admin needs to know.
  if (e.username !== null) detail.username = e.username;
  return detail;
}

/** The `enrollment` map of an identity detail: each outstanding enrollment under its method. */
export function toIdentityEnrollments(views: EnrollmentView[]): IdentityEnrollmentsDto {
  const out: IdentityEnrollmentsDto = {};
  for (const v of views) {
    const e = v.enrollment;
    out[e.method] = { id: e.id, token: v.token, jwt: v.jwt, expiresAt: rfc3339(e.expiresAt), ...(e.method === 'ottca' && e.caId ? { caId: e.caId, ca: { entity: 'cas', id: e.caId, _links: { self: { href: `./cas/${e.caId}` } } } } : {}) };
  }
  return out;
}
