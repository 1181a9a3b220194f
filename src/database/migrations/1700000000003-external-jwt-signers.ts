import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, nullable = true, length = '255'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable: nullable });
const bool = (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: def });

/** External JWT signers: identity providers whose JWTs authenticate identities (primary or second factor). */
export class ExternalJwtSigners1700000000003 implements MigrationInterface {
  name = 'ExternalJwtSigners1700000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'external_jwt_signers',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          varchar('name', false),
          bool('enabled', true),
          text('cert_pem'),
          varchar('jwks_endpoint', true, '2048'),
          varchar('kid', true),
          varchar('issuer', false, '1024'),
          varchar('audience', false, '1024'),
          varchar('fingerprint', true, '64'),
          varchar('common_name', true),
          { name: 'not_before', type: 'bigint', isNullable: true },
          { name: 'not_after', type: 'bigint', isNullable: true },
          varchar('external_auth_url', true, '2048'),
          varchar('claims_property', false),
          bool('use_external_id', false),
          varchar('client_id', true),
          text('scopes'),
          varchar('target_token', false, '16'),
          bool('enroll_to_cert_enabled', false),
          bool('enroll_to_token_enabled', false),
          varchar('enroll_attribute_claims_selector', true),
          varchar('enroll_auth_policy_id', true, '64'),
          varchar('enroll_name_claims_selector', true),
          text('tags', false),
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
        ],
        uniques: [
          { name: 'uq_ext_jwt_signers_name', columnNames: ['name'] },
          { name: 'uq_ext_jwt_signers_issuer', columnNames: ['issuer'] },
          { name: 'uq_ext_jwt_signers_kid', columnNames: ['kid'] },
          { name: 'uq_ext_jwt_signers_fingerprint', columnNames: ['fingerprint'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('external_jwt_signers');
  }
}
