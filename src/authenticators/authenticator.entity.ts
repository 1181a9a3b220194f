import type { JsonObject } from '../database/columns';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn } from '../database/columns';

export type AuthenticatorMethod = 'updb' | 'cert';

@Entity('authenticators')
export class AuthenticatorEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'identity_id', type: 'varchar', length: 64 })
  identityId: string;

  @Column({ type: 'varchar', length: 16 })
  method: AuthenticatorMethod;

  @Column({ type: 'varchar', length: 255, nullable: true })
  username: string | null;

  /** argon2id PHC string (salt and parameters inside); never leaves the service layer. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'cert_pem', type: 'text', nullable: true })
  certPem: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fingerprint: string | null;

  @Column({ name: 'is_issued_by_network', type: 'boolean' })
  isIssuedByNetwork: boolean;

  @Column({ name: 'is_extend_requested', type: 'boolean' })
  isExtendRequested: boolean;

  @Column({ name: 'is_key_roll_requested', type: 'boolean' })
  isKeyRollRequested: boolean;

  @DateColumn({ name: 'extend_requested_at', nullable: true })
  extendRequestedAt: Date | null;

  @Column({ name: 'last_auth_resolved_to_root', type: 'boolean' })
  lastAuthResolvedToRoot: boolean;

  @Column({ name: 'last_extend_rolled_keys', type: 'boolean' })
  lastExtendRolledKeys: boolean;

  @Column({ name: 'unverified_cert_pem', type: 'text', nullable: true })
  unverifiedCertPem: string | null;

  @Column({ name: 'unverified_fingerprint', type: 'varchar', length: 64, nullable: true })
  unverifiedFingerprint: string | null;

  @JsonColumn()
  tags: JsonObject;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
