import type { BaseEntityDto, EntityRefDto } from '../../common/http/wire.dto';
import type { EnrollmentMethod } from '../enrollment.entity';

/** The swagger `enrollmentDetail` as it goes on the wire (built by toEnrollmentDetail only). */
export interface EnrollmentDetailDto extends BaseEntityDto {
  method: EnrollmentMethod;
  token: string;
  jwt: string;
  expiresAt: string;
  identityId: string;
  identity: EntityRefDto;
  caId: string | null;
  username?: string;
  /** Listed as required by the swagger without a schema; OpenZiti never fills it. Always `{}`. */
  details: Record<string, never>;
}

/** One entry of the swagger `identityEnrollments` (ottca adds `caId` and the `ca` reference). */
export interface IdentityEnrollmentDto {
  id: string;
  token: string;
  jwt: string;
  expiresAt: string;
  caId?: string;
  ca?: { entity: 'cas'; id: string; _links: { self: { href: string } } };
}

/** The `enrollment` of an identity detail: its outstanding enrollments by method. */
export type IdentityEnrollmentsDto = Partial<Record<EnrollmentMethod, IdentityEnrollmentDto>>;
