import { afterAll, describe, expect, it } from 'vitest';
import { Message } from '../src/messages/message.entity';
import { ApiClient } from './helpers/api-client';
import { makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';

describe('graceful shutdown', () => {
  const dataDir = makeDataDir();
  let restarted: TestApp | undefined;
  afterAll(() => stopTestApp(restarted));

  it('finishes in-flight requests before closing the database, and keeps what it acknowledged', async () => {
    const testApp = await startTestApp({ dataDir });
    const admin = new ApiClient(testApp.url);
    await admin.signup('admin');
    await admin.post('/api/rooms', { name: 'General' });

    // Close as soon as the server has received all 20 requests, before it has answered them.
    const server = testApp.app.getHttpServer() as import('node:http').Server;
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      server.on('request', () => (received += 1) === 20 && resolve()),
    );
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      admin.post('/api/rooms/general/messages', { content: `message ${i}` }),
    );
    await allReceived;
    const closing = testApp.close();
    const responses = await Promise.all(inFlight);
    await closing;

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    await expect(admin.get('/api/health')).rejects.toThrow();

    restarted = await startTestApp({ dataDir });
    const stored = await restarted.dataSource.getRepository(Message).find();
    expect(stored.map((message) => message.content).sort()).toEqual(
      responses
        .map((response) => (response.body as { message: { content: string } }).message.content)
        .sort(),
    );
  });
});
