import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Controller-wide facts that outlive a process, such as the instance id sent in `ziti-instance-id`. */
export class ControllerMeta1700000000000 implements MigrationInterface {
  name = 'ControllerMeta1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'controller_meta',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text', isNullable: false },
          { name: 'updated_at', type: 'bigint', isNullable: false },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('controller_meta');
  }
}
