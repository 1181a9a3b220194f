import type { JsonObject } from '../database/columns';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateColumn, JsonColumn } from '../database/columns';

export type IdentityType = 'User' | 'Device' | 'Service' | 'Router' | 'Default';

@Entity('identities')
export class IdentityEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  type: IdentityType;

  @Column({ name: 'is_admin', type: 'boolean' })
  isAdmin: boolean;

  @Column({ name: 'is_default_admin', type: 'boolean' })
  isDefaultAdmin: boolean;

  @Column({ name: 'auth_policy_id', type: 'varchar', length: 64 })
  authPolicyId: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  @JsonColumn({ name: 'role_attributes' })
  roleAttributes: string[];

  @JsonColumn()
  tags: JsonObject;

  @JsonColumn({ name: 'app_data' })
  appData: JsonObject;

  @JsonColumn({ name: 'env_info' })
  envInfo: JsonObject;

  @JsonColumn({ name: 'sdk_info' })
  sdkInfo: JsonObject;

  @Column({ name: 'default_hosting_precedence', type: 'varchar', length: 16 })
  defaultHostingPrecedence: string;

  @Column({ name: 'default_hosting_cost', type: 'integer' })
  defaultHostingCost: number;

  @JsonColumn({ name: 'service_hosting_precedences' })
  serviceHostingPrecedences: Record<string, string>;

  @JsonColumn({ name: 'service_hosting_costs' })
  serviceHostingCosts: Record<string, number>;

  @JsonColumn()
  permissions: string[];

  @DateColumn({ name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @DateColumn({ name: 'disabled_until', nullable: true })
  disabledUntil: Date | null;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts: number;

  @DateColumn({ name: 'created_at' })
  createdAt: Date;

  @DateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** OpenZiti's rule: disabled while disabledAt is set and disabledUntil is absent (indefinite) or in the future. */
export function isDisabled(identity: Pick<IdentityEntity, 'disabledAt' | 'disabledUntil'>, now: Date): boolean {
  return identity.disabledAt !== null && (identity.disabledUntil === null || identity.disabledUntil.getTime() > now.getTime());
}
