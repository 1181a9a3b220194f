import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn, type JsonObject } from '../database/columns';

/** Where in the leaf certificate the external ID is read from (swagger `externalIdClaim.location`). */
export type ExternalIdLocation = 'COMMON_NAME' | 'SAN_URI' | 'SAN_EMAIL';
/** Which of the values at that location is chosen (swagger `externalIdClaim.matcher`). */
export type ExternalIdMatcher = 'ALL' | 'PREFIX' | 'SUFFIX' | 'SCHEME';
/** How the chosen value is cut before use (swagger `externalIdClaim.parser`). */
export type ExternalIdParser = 'NONE' | 'SPLIT';

/** Swagger `externalIdClaim`: how a CA's leaf certificates name the identity they belong to. */
export interface ExternalIdClaim {
  location: ExternalIdLocation;
  matcher: ExternalIdMatcher;
  matcherCriteria: string;
  parser: ExternalIdParser;
  parserCriteria: string;
  index: number;
}

/**
 * A third-party certificate authority (reference §4.4). It takes part in enrollment and login only once
 * `isVerified` (proof of possession of its key); login also needs `isAuthEnabled`. The `crl*` columns are
 * our revocation extension (see the comment at the top of cas.service.ts).
 */
@Entity('cas')
export class CaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** SHA-1 hex (lowercase, no separators) of the CA certificate's DER. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** Exactly one PEM CERTIFICATE block, a CA certificate (basicConstraints CA:TRUE). */
  @Column({ name: 'cert_pem', type: 'text' })
  certPem: string;

  @Column({ name: 'is_verified', type: 'boolean' })
  isVerified: boolean;

  /** Random; the CN the proof-of-possession certificate must carry. Not a secret: the CA key is. */
  @Column({ name: 'verification_token', type: 'varchar', length: 64 })
  verificationToken: string;

  @Column({ name: 'is_auto_ca_enrollment_enabled', type: 'boolean' })
  isAutoCaEnrollmentEnabled: boolean;

  @Column({ name: 'is_ott_ca_enrollment_enabled', type: 'boolean' })
  isOttCaEnrollmentEnabled: boolean;

  @Column({ name: 'is_auth_enabled', type: 'boolean' })
  isAuthEnabled: boolean;

  @JsonColumn({ name: 'identity_roles' })
  identityRoles: string[];

  @Column({ name: 'identity_name_format', type: 'varchar', length: 1024 })
  identityNameFormat: string;

  @JsonColumn({ name: 'external_id_claim', nullable: true })
  externalIdClaim: ExternalIdClaim | null;

  /** The CA's current CRL, base64 DER; null when none was uploaded. */
  @Column({ name: 'crl_der', type: 'text', nullable: true })
  crlDer: string | null;

  @DateColumn({ name: 'crl_this_update', nullable: true })
  crlThisUpdate: Date | null;

  /** Past this instant the CRL is stale and `ZT_CRL_STALE_POLICY` decides. Null: the CRL never goes stale. */
  @DateColumn({ name: 'crl_next_update', nullable: true })
  crlNextUpdate: Date | null;

  /** Revoked serial numbers from the CRL, lowercase hex without leading zeros. */
  @JsonColumn({ name: 'crl_revoked_serials', nullable: true })
  crlRevokedSerials: string[] | null;

  @JsonColumn()
  tags: JsonObject;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
