import { TableColumn } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { withoutChangeStreamTriggers } from '../src/database/migrations/change-stream-triggers';
import { createRoom, signUp } from './helpers/chat-fixtures';
import { makeDataDir, startTestApp, stopTestApp } from './helpers/test-app';

describe('the change stream in the schema', () => {
  it('survives a later migration that rebuilds messages and rooms through withoutChangeStreamTriggers', async () => {
    const testApp = await startTestApp();
    try {
      const admin = await signUp(testApp.url, 'founder');
      const room = await createRoom(admin.client, { name: 'Rebuilt' });
      await admin.client.post(`/api/rooms/${room.slug}/messages`, { content: 'before' });
      const queryRunner = testApp.dataSource.createQueryRunner();
      for (const table of ['messages', 'rooms']) {
        await withoutChangeStreamTriggers(queryRunner, () =>
          queryRunner.addColumn(
            table,
            new TableColumn({ name: 'extra', type: 'integer', isNullable: true }),
          ),
        );
      }
      await queryRunner.release();
      const seqs: number[] = [];
      for (const content of ['one', 'two']) {
        const response = await admin.client.post(`/api/rooms/${room.slug}/messages`, { content });
        expect(response.status).toBe(201);
        seqs.push(response.body.message.seq);
      }
      expect(seqs).toEqual([2, 3]);
      const [head] = await testApp.dataSource.query(`SELECT "lastSeq" FROM rooms WHERE id = ?`, [
        room.id,
      ]);
      expect(head).toEqual({ lastSeq: 3 });
    } finally {
      await stopTestApp(testApp);
    }
  });

  it('refuses to start on a database whose triggers are gone', async () => {
    const dataDir = makeDataDir();
    const first = await startTestApp({ dataDir });
    await first.dataSource.query('DROP TRIGGER messages_advance_room_on_insert');
    await first.close();
    await expect(startTestApp({ dataDir })).rejects.toThrow(/messages_advance_room_on_insert/);
  });
});
