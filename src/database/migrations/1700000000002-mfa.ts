import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** TOTP enrollments: one per identity; secrets encrypted, recovery codes as keyed hashes. */
export class Mfa1700000000002 implements MigrationInterface {
  name = 'Mfa1700000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mfa',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'identity_id', type: 'varchar', length: '64', isNullable: false },
          { name: 'is_verified', type: 'boolean', isNullable: false, default: false },
          { name: 'secret_sealed', type: 'text', isNullable: false },
          // HMAC-SHA256 of each unused recovery code (JSON array).
          { name: 'recovery_code_macs', type: 'text', isNullable: false },
          // The plaintext codes, sealed, only until enrollment is verified (GET /current-identity/mfa shows them).
          { name: 'pending_recovery_codes_sealed', type: 'text', isNullable: true },
          // Highest TOTP time step accepted: a code is never accepted twice, on any replica.
          { name: 'last_totp_step', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
        ],
        uniques: [{ name: 'uq_mfa_identity', columnNames: ['identity_id'] }],
        foreignKeys: [{ name: 'fk_mfa_identity', columnNames: ['identity_id'], referencedTableName: 'identities', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mfa');
  }
}
