import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';

const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const varchar = (name: string, nullable = true, length = '255'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable: nullable });
const bool = (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: def });

/**
 * Third-party certificate authorities (reference §4.4): an organisation's own PKI, proven by possession,
 * that can enroll devices (ottca, automatic) and authenticate them by certificate. The CRL columns are our
 * extension: OpenZiti has no revocation for third-party CAs.
 */
export class Cas1700000000005 implements MigrationInterface {
  name = 'Cas1700000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'cas',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          varchar('name', false),
          // SHA-1 hex of the CA certificate's DER, as OpenZiti computes it; unique, so one PKI is registered once.
          varchar('fingerprint', false, '64'),
          text('cert_pem', false),
          bool('is_verified', false),
          varchar('verification_token', false, '64'),
          bool('is_auto_ca_enrollment_enabled', false),
          bool('is_ott_ca_enrollment_enabled', false),
          bool('is_auth_enabled', false),
          text('identity_roles', false),
          varchar('identity_name_format', false, '1024'),
          text('external_id_claim'),
          // The CA's CRL as base64 DER, its validity window and the revoked serials (lowercase hex, no
          // leading zeros), parsed once at upload so a login reads a list instead of parsing ASN.1.
          text('crl_der'),
          { name: 'crl_this_update', type: 'bigint', isNullable: true },
          { name: 'crl_next_update', type: 'bigint', isNullable: true },
          text('crl_revoked_serials'),
          text('tags', false),
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
        ],
        uniques: [
          { name: 'uq_cas_name', columnNames: ['name'] },
          { name: 'uq_cas_fingerprint', columnNames: ['fingerprint'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('cas');
  }
}
