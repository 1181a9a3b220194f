import type { JsonObject } from '../database/columns';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn } from '../database/columns';

@Entity('api_sessions')
export class ApiSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** SHA-256 (hex) of the zt-session token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'identity_id', type: 'varchar', length: 64 })
  identityId: string;

  @Column({ name: 'authenticator_id', type: 'varchar', length: 128 })
  authenticatorId: string;

  @Column({ name: 'ip_address', type: 'varchar', length: 64 })
  ipAddress: string;

  @JsonColumn({ name: 'config_types' })
  configTypes: string[];

  @Column({ name: 'mfa_required', type: 'boolean' })
  mfaRequired: boolean;

  @Column({ name: 'mfa_complete', type: 'boolean' })
  mfaComplete: boolean;

  @Column({ name: 'is_cert_extendable', type: 'boolean' })
  isCertExtendable: boolean;

  @Column({ name: 'improper_client_cert_chain', type: 'boolean' })
  improperClientCertChain: boolean;

  @DateColumn({ name: 'last_activity_at' })
  lastActivityAt: Date;

  @JsonColumn()
  tags: JsonObject;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
