import { randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { findMentions } from '../../messages/mentions';
import { timestampType } from './column-types';
import { changeStreamTriggers } from './change-stream-triggers';

/**
 * Each room becomes a change stream: a head (`rooms.lastSeq`) that every new,
 * edited or deleted message advances, the message stamped with the new value
 * (`seq` when it is sent, `changeSeq` at its latest change). Read positions,
 * mentions, exactly-once sends (`clientId`) and the database's epoch come with it.
 * Identifiers are double-quoted: the form SQLite and PostgreSQL both read.
 */
export class AddChangeStream1764100000005 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = timestampType(queryRunner);
    await queryRunner.addColumn(
      'rooms',
      new TableColumn({ name: 'lastSeq', type: 'integer', default: 0 }),
    );
    await queryRunner.addColumns('messages', [
      new TableColumn({ name: 'seq', type: 'integer', default: 0 }),
      new TableColumn({ name: 'changeSeq', type: 'integer', default: 0 }),
      new TableColumn({ name: 'editedAt', type: timestamp, isNullable: true }),
      new TableColumn({ name: 'deletedAt', type: timestamp, isNullable: true }),
      new TableColumn({ name: 'clientId', type: 'varchar', length: '36', isNullable: true }),
      // The usernames mentioned, as a JSON array: read with the message, indexed below.
      new TableColumn({ name: 'mentions', type: 'text', default: "'[]'" }),
    ]);

    // Existing messages take their room's sequence in id order, which was their order.
    await queryRunner.query(
      `UPDATE messages SET seq = ranked.position, "changeSeq" = ranked.position
       FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY "roomId" ORDER BY id) AS position
             FROM messages) AS ranked
       WHERE messages.id = ranked.id`,
    );
    await queryRunner.query(
      `UPDATE rooms SET "lastSeq" =
         COALESCE((SELECT MAX(seq) FROM messages WHERE messages."roomId" = rooms.id), 0)`,
    );
    await queryRunner.createIndices('messages', [
      new TableIndex({
        name: 'UQ_messages_room_seq',
        columnNames: ['roomId', 'seq'],
        isUnique: true,
      }),
      // The sync poll: a room's changes after a cursor.
      new TableIndex({ name: 'IDX_messages_room_change', columnNames: ['roomId', 'changeSeq'] }),
      // A resend with the same clientId finds the stored message instead of adding one.
      new TableIndex({
        name: 'UQ_messages_user_client',
        columnNames: ['userId', 'clientId'],
        isUnique: true,
      }),
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'room_reads',
        columns: [
          { name: 'userId', type: 'integer', isPrimary: true },
          { name: 'roomId', type: 'integer', isPrimary: true },
          { name: 'readSeq', type: 'integer' },
        ],
        foreignKeys: [
          {
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['roomId'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    // Everyone has read everything so far: only what comes next is unread.
    await queryRunner.query(
      `INSERT INTO room_reads ("userId", "roomId", "readSeq")
       SELECT users.id, rooms.id, rooms."lastSeq" FROM users CROSS JOIN rooms`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'message_mentions',
        columns: [
          { name: 'messageId', type: 'integer', isPrimary: true },
          { name: 'userId', type: 'integer', isPrimary: true },
          { name: 'roomId', type: 'integer' },
          { name: 'seq', type: 'integer' },
        ],
        foreignKeys: [
          {
            columnNames: ['messageId'],
            referencedTableName: 'messages',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        // Unread mentions: one user's, in one room, after a read position.
        indices: [
          { name: 'IDX_message_mentions_user_room_seq', columnNames: ['userId', 'roomId', 'seq'] },
        ],
      }),
    );

    for (const statement of changeStreamTriggers(queryRunner.connection.driver.options.type)
      .create) {
      await queryRunner.query(statement);
    }
    await this.backfillMentions(queryRunner);

    // Names this database: a sync cursor made on another one (a restored backup, a
    // new install on the same address) is answered with a reset, not mixed in.
    await queryRunner.manager
      .createQueryBuilder()
      .insert()
      .into('app_state')
      .values({ key: 'epoch', value: randomBytes(8).toString('hex') })
      .execute();
  }

  /** Earlier messages' @mentions, now that the triggers index them. */
  private async backfillMentions(queryRunner: QueryRunner): Promise<void> {
    const users = (await queryRunner.query(`SELECT "usernameKey", username FROM users`)) as {
      usernameKey: string;
      username: string;
    }[];
    const byKey = new Map(users.map((user) => [user.usernameKey, user.username]));
    const rows = (await queryRunner.query(
      `SELECT id, content FROM messages WHERE content LIKE '%@%'`,
    )) as { id: number; content: string }[];
    for (const row of rows) {
      const mentions = findMentions(row.content, byKey);
      if (mentions.length === 0) continue;
      await queryRunner.manager
        .createQueryBuilder()
        .update('messages')
        .set({ mentions: JSON.stringify(mentions) })
        .where('id = :id', { id: row.id })
        .execute();
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of changeStreamTriggers(queryRunner.connection.driver.options.type).drop) {
      await queryRunner.query(statement);
    }
    await queryRunner.query(`DELETE FROM app_state WHERE key = 'epoch'`);
    await queryRunner.dropTable('message_mentions');
    await queryRunner.dropTable('room_reads');
    await queryRunner.dropIndex('messages', 'UQ_messages_user_client');
    await queryRunner.dropIndex('messages', 'IDX_messages_room_change');
    await queryRunner.dropIndex('messages', 'UQ_messages_room_seq');
    for (const column of ['mentions', 'clientId', 'deletedAt', 'editedAt', 'changeSeq', 'seq']) {
      await queryRunner.dropColumn('messages', column);
    }
    await queryRunner.dropColumn('rooms', 'lastSeq');
  }
}
