import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Outstanding enrollments (one-time tokens for ott/ottca/updb); the token is stored hashed and sealed, never plain. */
export class Enrollments1700000000004 implements MigrationInterface {
  name = 'Enrollments1700000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'enrollments',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'method', type: 'varchar', length: '16', isNullable: false },
          { name: 'identity_id', type: 'varchar', length: '64', isNullable: false },
          // SHA-256 hex of the token: the lookup key of an enrolling client.
          { name: 'token_hash', type: 'varchar', length: '64', isNullable: false },
          // The token encrypted with the MFA master key, so admins can fetch the JWT again.
          { name: 'token_sealed', type: 'text', isNullable: false },
          { name: 'ca_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'username', type: 'varchar', length: '255', isNullable: true },
          { name: 'expires_at', type: 'bigint', isNullable: false },
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
        ],
        uniques: [
          { name: 'uq_enrollments_token_hash', columnNames: ['token_hash'] },
          // One outstanding enrollment per method per identity (409 ENROLLMENT_EXISTS): the index is the arbiter.
          { name: 'uq_enrollments_identity_method', columnNames: ['identity_id', 'method'] },
        ],
        foreignKeys: [{ name: 'fk_enrollments_identity', columnNames: ['identity_id'], referencedTableName: 'identities', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('enrollments');
  }
}
