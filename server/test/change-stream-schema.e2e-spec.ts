import { rmSync } from 'node:fs';
import { TableColumn } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { withoutChangeStreamTriggers } from '../src/database/migrations/change-stream-triggers';
import { createRoom, signUp } from './helpers/chat-fixtures';
import { dropPostgresDatabase } from './helpers/postgres-databases';
import { query } from './helpers/sql';
import { inProcess, testTarget } from './helpers/test-target';
import { makeDataDir, startTestApp, stopTestApp } from './helpers/test-app';

type Engine = 'sqlite' | 'postgres';

/** A trigger the app cannot do without, on each engine, and how a careless migration loses it. */
const droppedTrigger: Record<Engine, [name: string, sql: string]> = {
  sqlite: ['messages_advance_room_on_insert', 'DROP TRIGGER messages_advance_room_on_insert'],
  postgres: ['messages_take_seq', 'DROP TRIGGER messages_take_seq ON messages'],
};

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
      const [head] = await query(testApp.dataSource, `SELECT "lastSeq" FROM rooms WHERE id = ?`, [
        room.id,
      ]);
      expect(head).toEqual({ lastSeq: 3 });
    } finally {
      await stopTestApp(testApp);
    }
  });

  // The refusal is the start-up's error, which only an app in the test process throws here.
  it.skipIf(!inProcess)('refuses to start on a database whose triggers are gone', async () => {
    const dataDir = makeDataDir();
    const first = await startTestApp({ dataDir });
    const [trigger, dropTrigger] = droppedTrigger[first.dataSource.driver.options.type as Engine];
    await first.dataSource.query(dropTrigger);
    await first.close();
    try {
      await expect(startTestApp({ dataDir })).rejects.toThrow(trigger);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      if (testTarget !== 'sqlite') await dropPostgresDatabase(dataDir);
    }
  });
});
