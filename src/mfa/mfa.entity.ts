import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn } from '../database/columns';

@Entity('mfa')
export class MfaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'identity_id', type: 'varchar', length: 64 })
  identityId: string;

  @Column({ name: 'is_verified', type: 'boolean' })
  isVerified: boolean;

  /** The base32 TOTP secret, AES-256-GCM sealed (SecretBox). */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  @JsonColumn({ name: 'recovery_code_macs' })
  recoveryCodeMacs: string[];

  @Column({ name: 'pending_recovery_codes_sealed', type: 'text', nullable: true })
  pendingRecoveryCodesSealed: string | null;

  @Column({
    name: 'last_totp_step',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) },
  })
  lastTotpStep: number | null;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
