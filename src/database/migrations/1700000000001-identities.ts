import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

const id = (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: '64', isPrimary: true });
const stamps = (): TableColumnOptions[] => [
  { name: 'created_at', type: 'bigint', isNullable: false },
  { name: 'updated_at', type: 'bigint', isNullable: false },
];
const bool = (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: def });
const int = (name: string, def: number): TableColumnOptions => ({ name, type: 'integer', isNullable: false, default: def });
const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, nullable = true, length = '255'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable: nullable });
const ms = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

/** Authentication policies, identities, their authenticators and API sessions (issue: password login). */
export class Identities1700000000001 implements MigrationInterface {
  name = 'Identities1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'auth_policies',
        columns: [
          id(),
          varchar('name', false),
          text('tags', false),
          bool('cert_allowed', true),
          bool('cert_allow_expired', true),
          bool('updb_allowed', true),
          int('updb_min_password_length', 5),
          bool('updb_require_special_char', false),
          bool('updb_require_number_char', false),
          bool('updb_require_mixed_case', false),
          int('updb_max_attempts', 0),
          int('updb_lockout_duration_minutes', 0),
          bool('ext_jwt_allowed', true),
          text('ext_jwt_allowed_signers', false),
          bool('require_totp', false),
          varchar('require_ext_jwt_signer', true, '64'),
          ...stamps(),
        ],
        uniques: [{ name: 'uq_auth_policies_name', columnNames: ['name'] }],
      }),
    );
    // OpenZiti's default policy (reference §4.3), referenced by every identity that names no other.
    const now = Date.now();
    const row: Record<string, unknown> = {
      id: 'default', name: 'Default', tags: '{}', cert_allowed: true, cert_allow_expired: true, updb_allowed: true,
      updb_min_password_length: 5, updb_require_special_char: false, updb_require_number_char: false,
      updb_require_mixed_case: false, updb_max_attempts: 0, updb_lockout_duration_minutes: 0, ext_jwt_allowed: true,
      ext_jwt_allowed_signers: '[]', require_totp: false, require_ext_jwt_signer: null, created_at: now, updated_at: now,
    };
    const cols = Object.keys(row);
    const [sql, params] = q.connection.driver.escapeQueryWithParameters(
      `INSERT INTO auth_policies (${cols.join(', ')}) VALUES (${cols.map((c) => `:${c}`).join(', ')})`,
      row,
    );
    await q.query(sql, params);

    await q.createTable(
      new Table({
        name: 'identities',
        columns: [
          id(),
          varchar('name', false),
          varchar('type', false, '32'),
          bool('is_admin', false),
          bool('is_default_admin', false),
          varchar('auth_policy_id', false, '64'),
          varchar('external_id', true),
          text('role_attributes', false),
          text('tags', false),
          text('app_data', false),
          text('env_info', false),
          text('sdk_info', false),
          varchar('default_hosting_precedence', false, '16'),
          int('default_hosting_cost', 0),
          text('service_hosting_precedences', false),
          text('service_hosting_costs', false),
          text('permissions', false),
          ms('disabled_at'),
          ms('disabled_until'),
          // Failed primary/secondary attempts since the last success: the durable lockout budget.
          int('failed_attempts', 0),
          ...stamps(),
        ],
        uniques: [
          { name: 'uq_identities_name', columnNames: ['name'] },
          { name: 'uq_identities_external_id', columnNames: ['external_id'] },
        ],
        foreignKeys: [{ name: 'fk_identities_auth_policy', columnNames: ['auth_policy_id'], referencedTableName: 'auth_policies', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'authenticators',
        columns: [
          id(),
          varchar('identity_id', false, '64'),
          varchar('method', false, '16'),
          varchar('username', true),
          text('password_hash'),
          text('cert_pem'),
          varchar('fingerprint', true, '64'),
          bool('is_issued_by_network', false),
          bool('is_extend_requested', false),
          bool('is_key_roll_requested', false),
          ms('extend_requested_at'),
          bool('last_auth_resolved_to_root', false),
          bool('last_extend_rolled_keys', false),
          text('unverified_cert_pem'),
          varchar('unverified_fingerprint', true, '64'),
          text('tags', false),
          ...stamps(),
        ],
        uniques: [
          { name: 'uq_authenticators_identity_method', columnNames: ['identity_id', 'method'] },
          { name: 'uq_authenticators_username', columnNames: ['username'] },
          { name: 'uq_authenticators_fingerprint', columnNames: ['fingerprint'] },
        ],
        foreignKeys: [{ name: 'fk_authenticators_identity', columnNames: ['identity_id'], referencedTableName: 'identities', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'api_sessions',
        columns: [
          id(),
          // SHA-256 of the bearer token: a database dump cannot be replayed as sessions.
          varchar('token_hash', false, '64'),
          varchar('identity_id', false, '64'),
          varchar('authenticator_id', false, '128'),
          varchar('ip_address', false, '64'),
          text('config_types', false),
          bool('mfa_required', false),
          bool('mfa_complete', false),
          bool('is_cert_extendable', false),
          bool('improper_client_cert_chain', false),
          ms('last_activity_at', false),
          text('tags', false),
          ...stamps(),
        ],
        uniques: [{ name: 'uq_api_sessions_token_hash', columnNames: ['token_hash'] }],
        foreignKeys: [{ name: 'fk_api_sessions_identity', columnNames: ['identity_id'], referencedTableName: 'identities', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          { name: 'ix_api_sessions_identity', columnNames: ['identity_id'] },
          { name: 'ix_api_sessions_last_activity', columnNames: ['last_activity_at'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['api_sessions', 'authenticators', 'identities', 'auth_policies']) await q.dropTable(t);
  }
}
