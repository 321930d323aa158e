import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class CreateSessions1764100000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'expiresAt', type: 'bigint' },
          { name: 'data', type: 'text' },
        ],
        indices: [{ name: 'IDX_sessions_expires_at', columnNames: ['expiresAt'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
  }
}
