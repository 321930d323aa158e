import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '../src/messages/message.entity';
import { createRoom, signUp, SignedUpUser } from './helpers/chat-fixtures';
import { lockDatabase } from './helpers/database-lock';
import { dropPostgresDatabase } from './helpers/postgres-databases';
import { inProcess, testTarget } from './helpers/test-target';
import { closeDatabase, startTestApp, stopTestApp, TestApp } from './helpers/test-app';

function expectUnavailable(response: request.Response): void {
  expect(response.status).toBe(503);
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  expect(response.body).toEqual({
    statusCode: 503,
    message: expect.stringMatching(/database/i),
    error: 'Service Unavailable',
  });
}

describe('a database that cannot answer', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await signUp(testApp.url, 'admin');
    await createRoom(admin.client, { name: 'General', slug: 'general' });
  });
  afterAll(() => stopTestApp(testApp));

  it('locked by another process past the busy timeout: a write waits out the busy timeout, then is 503 with Retry-After; it works again after', async () => {
    const messages = testApp.dataSource.getRepository(Message);
    const before = await messages.count();
    const release = await lockDatabase(testApp);
    try {
      const response = await admin.client.post('/api/rooms/general/messages', {
        content: 'while locked',
      });
      expectUnavailable(response);
    } finally {
      await release();
    }
    expect(await messages.count()).toBe(before);
    const after = await admin.client.post('/api/rooms/general/messages', { content: 'unlocked' });
    expect(after.status).toBe(201);
  });

  // About SQLite's one serialized connection, where writes queue; PostgreSQL's pool runs them side by side.
  it.skipIf(testTarget !== 'sqlite')(
    'keeps every write it acknowledged when writes overlap a lock held past the busy timeout',
    async () => {
      // Four sends at once queue on the one connection: the first two wait out the busy
      // timeout in turn (503), the others get through when the lock goes at 11 s (201).
      // Each 201 must be stored, under its own id; before the connection was serialized,
      // one of them was rolled back with a failed one's transaction.
      const release = await lockDatabase(testApp);
      const released = new Promise((resolve) => setTimeout(resolve, 11_000)).then(release);
      const contents = Array.from({ length: 4 }, (_, i) => `overlapping ${i}`);
      const responses = await Promise.all(
        contents.map((content) => admin.client.post('/api/rooms/general/messages', { content })),
      );
      await released;
      const acknowledged = responses.filter((response) => response.status === 201);
      const statuses = responses.map((response) => response.status);
      expect(statuses).toContain(201);
      expect(statuses).toContain(503);
      expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
      const stored = await testApp.dataSource
        .getRepository(Message)
        .find({ where: contents.map((content) => ({ content })) });
      expect(
        stored.map(({ id, content }) => ({ id, content })).sort((a, b) => a.id - b.id),
      ).toEqual(
        acknowledged
          .map((response) => ({
            id: response.body.message.id as number,
            content: response.body.message.content as string,
          }))
          .sort((a, b) => a.id - b.id),
      );
    },
  );

  it('a send and a delete refused while locked change nothing, the poll included; the resend then stores once', async () => {
    const kept = await admin.client.post('/api/rooms/general/messages', { content: 'kept' });
    const start = await admin.client.get('/api/sync?room=general');
    const clientId = randomUUID();
    const release = await lockDatabase(testApp);
    try {
      const [sent, deleted] = await Promise.all([
        admin.client.post('/api/rooms/general/messages', { content: 'retried', clientId }),
        admin.client.delete(`/api/rooms/general/messages/${kept.body.message.id}`),
      ]);
      expectUnavailable(sent);
      expectUnavailable(deleted);
    } finally {
      await release();
    }
    const quiet = await admin.client.get(`/api/sync?room=general&since=${start.body.cursor}`);
    expect(quiet.body.room.changes).toEqual([]);
    expect(quiet.body.rooms).toEqual([]);
    const first = await admin.client.post('/api/rooms/general/messages', {
      content: 'retried',
      clientId,
    });
    const again = await admin.client.post('/api/rooms/general/messages', {
      content: 'retried',
      clientId,
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.message.id).toBe(first.body.message.id);
    const later = await admin.client.get(`/api/sync?room=general&since=${quiet.body.cursor}`);
    const changes = (later.body as { room: { changes: { content: string }[] } }).room.changes;
    expect(changes.map((m) => m.content)).toEqual(['retried']);
  });

  // Closes the app's own connection, in the test process.
  it.skipIf(!inProcess)(
    'closed under the server: requests are 503 (session reads included), never 500',
    async () => {
      const closing = await startTestApp();
      try {
        const user = await signUp(closing.url, 'user');
        await closeDatabase(closing);
        expectUnavailable(await user.client.get('/api/auth/me'));
        expectUnavailable(await user.client.get('/api/rooms'));
        const health = await request(closing.url).get('/api/health');
        expect(health.status).toBe(503);
      } finally {
        await closing.close().catch(() => undefined);
        if (testTarget !== 'sqlite') await dropPostgresDatabase(closing.dataDir);
      }
    },
  );
});
