import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn, type JsonObject } from '../database/columns';

export type TargetToken = 'ACCESS' | 'ID';

@Entity('external_jwt_signers')
export class ExternalJwtSignerEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  /** Exactly one of certPem and jwksEndpoint is set. */
  @Column({ name: 'cert_pem', type: 'text', nullable: true })
  certPem: string | null;

  @Column({ name: 'jwks_endpoint', type: 'varchar', length: 2048, nullable: true })
  jwksEndpoint: string | null;

  /** For certPem signers: the kid tokens carry (the certificate fingerprint when not configured). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  kid: string | null;

  @Column({ type: 'varchar', length: 1024 })
  issuer: string;

  @Column({ type: 'varchar', length: 1024 })
  audience: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fingerprint: string | null;

  @Column({ name: 'common_name', type: 'varchar', length: 255, nullable: true })
  commonName: string | null;

  @DateColumn({ name: 'not_before', nullable: true })
  notBefore: Date | null;

  @DateColumn({ name: 'not_after', nullable: true })
  notAfter: Date | null;

  @Column({ name: 'external_auth_url', type: 'varchar', length: 2048, nullable: true })
  externalAuthUrl: string | null;

  /** JSON pointer into the claims naming the identity (default `/sub`). */
  @Column({ name: 'claims_property', type: 'varchar', length: 255 })
  claimsProperty: string;

  @Column({ name: 'use_external_id', type: 'boolean' })
  useExternalId: boolean;

  @Column({ name: 'client_id', type: 'varchar', length: 255, nullable: true })
  clientId: string | null;

  @JsonColumn({ nullable: true })
  scopes: string[] | null;

  @Column({ name: 'target_token', type: 'varchar', length: 16 })
  targetToken: TargetToken;

  @Column({ name: 'enroll_to_cert_enabled', type: 'boolean' })
  enrollToCertEnabled: boolean;

  @Column({ name: 'enroll_to_token_enabled', type: 'boolean' })
  enrollToTokenEnabled: boolean;

  @Column({ name: 'enroll_attribute_claims_selector', type: 'varchar', length: 255, nullable: true })
  enrollAttributeClaimsSelector: string | null;

  @Column({ name: 'enroll_auth_policy_id', type: 'varchar', length: 64, nullable: true })
  enrollAuthPolicyId: string | null;

  @Column({ name: 'enroll_name_claims_selector', type: 'varchar', length: 255, nullable: true })
  enrollNameClaimsSelector: string | null;

  @JsonColumn()
  tags: JsonObject;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
