import type { JsonObject } from '../database/columns';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn } from '../database/columns';

@Entity('auth_policies')
export class AuthPolicyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @JsonColumn()
  tags: JsonObject;

  @Column({ name: 'cert_allowed', type: 'boolean' })
  certAllowed: boolean;

  @Column({ name: 'cert_allow_expired', type: 'boolean' })
  certAllowExpired: boolean;

  @Column({ name: 'updb_allowed', type: 'boolean' })
  updbAllowed: boolean;

  @Column({ name: 'updb_min_password_length', type: 'integer' })
  minPasswordLength: number;

  @Column({ name: 'updb_require_special_char', type: 'boolean' })
  requireSpecialChar: boolean;

  @Column({ name: 'updb_require_number_char', type: 'boolean' })
  requireNumberChar: boolean;

  @Column({ name: 'updb_require_mixed_case', type: 'boolean' })
  requireMixedCase: boolean;

  @Column({ name: 'updb_max_attempts', type: 'integer' })
  maxAttempts: number;

  @Column({ name: 'updb_lockout_duration_minutes', type: 'integer' })
  lockoutDurationMinutes: number;

  @Column({ name: 'ext_jwt_allowed', type: 'boolean' })
  extJwtAllowed: boolean;

  @JsonColumn({ name: 'ext_jwt_allowed_signers' })
  extJwtAllowedSigners: string[];

  @Column({ name: 'require_totp', type: 'boolean' })
  requireTotp: boolean;

  @Column({ name: 'require_ext_jwt_signer', type: 'varchar', length: 64, nullable: true })
  requireExtJwtSigner: string | null;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
