import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '../src/messages/message.entity';
import { createRoom, signUp, SignedUpUser } from './helpers/chat-fixtures';
import { lockDatabase } from './helpers/database-lock';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

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

  it('closed under the server: requests are 503 (session reads included), never 500', async () => {
    const closing = await startTestApp();
    try {
      const user = await signUp(closing.url, 'user');
      await closing.dataSource.destroy();
      expectUnavailable(await user.client.get('/api/auth/me'));
      expectUnavailable(await user.client.get('/api/rooms'));
      const health = await request(closing.url).get('/api/health');
      expect(health.status).toBe(503);
    } finally {
      await closing.app.close().catch(() => undefined);
    }
  });
});
