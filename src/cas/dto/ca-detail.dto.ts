import type { BaseEntityDto } from '../../common/http/wire.dto';
import type { ExternalIdClaim } from '../ca.entity';

/** Swagger `caDetail` as it goes on the wire (built by the mapper only). */
export interface CaDetailDto extends BaseEntityDto {
  name: string;
  fingerprint: string;
  certPem: string;
  isVerified: boolean;
  verificationToken: string;
  isAutoCaEnrollmentEnabled: boolean;
  isOttCaEnrollmentEnabled: boolean;
  isAuthEnabled: boolean;
  identityRoles: string[];
  identityNameFormat: string;
  /** omitempty, as OpenZiti sends it. */
  externalIdClaim?: ExternalIdClaim;
}

/** Our extension: what `GET /cas/{id}/crl` reports about a CA's revocation list. */
export interface CaCrlDetailDto {
  thisUpdate: string;
  nextUpdate: string | null;
  isStale: boolean;
  revokedCount: number;
}
