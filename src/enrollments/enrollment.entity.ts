import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../database/columns';

/** Swagger `enrollmentCreate.method`. */
export type EnrollmentMethod = 'ott' | 'ottca' | 'updb';

/**
 * An outstanding enrollment: a one-time token that lets a device (ott) or a person (updb) create its
 * first authenticator. Consumed (deleted) when used. The token is kept twice, for two jobs:
 * - `tokenHash` (SHA-256 hex, unique) is what an enrolling client's token is looked up by;
 * - `tokenSealed` (AES-256-GCM with the MFA master key) lets an admin fetch the token and JWT again to hand
 *   them to a device, as OpenZiti's enrollment and identity details show them.
 * A database dump alone therefore yields no usable token.
 */
@Entity('enrollments')
export class EnrollmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  method: EnrollmentMethod;

  @Column({ name: 'identity_id', type: 'varchar', length: 64 })
  identityId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'token_sealed', type: 'text' })
  tokenSealed: string;

  /** ottca only: the third-party CA whose certificate the device will present. */
  @Column({ name: 'ca_id', type: 'varchar', length: 64, nullable: true })
  caId: string | null;

  /** updb only: the username the updb authenticator will get. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  username: string | null;

  @DateColumn({ name: 'expires_at' })
  expiresAt: Date;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
