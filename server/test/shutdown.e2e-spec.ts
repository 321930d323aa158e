import type { Server } from 'node:http';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HttpDrain } from '../src/http/http-drain';
import { Message } from '../src/messages/message.entity';
import { ApiClient } from './helpers/api-client';
import {
  after,
  clientHeaders,
  RawConnection,
  requestText,
  waitFor,
  watchConnections,
} from './helpers/raw-http';
import { makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess } from './helpers/test-target';

// The app's own HTTP server, in the test process; across instances: multi-instance.e2e-spec.ts.
describe.skipIf(!inProcess)('graceful shutdown', () => {
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

// The app's own HTTP server, in the test process; across instances: multi-instance.e2e-spec.ts.
describe.skipIf(!inProcess)('graceful shutdown of open connections', () => {
  const apps: TestApp[] = [];
  const connections: RawConnection[] = [];
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.close();
    for (const app of apps.splice(0)) await stopTestApp(app).catch(() => undefined);
  });

  /** A server with a room, a logged-in admin, and a shutdown deadline. */
  async function start(shutdownTimeoutMs: number) {
    const testApp = await startTestApp({ env: { SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) } });
    apps.push(testApp);
    const admin = new ApiClient(testApp.url);
    await admin.signup('admin');
    await admin.post('/api/rooms', { name: 'General' });
    const server = testApp.app.getHttpServer() as Server;
    return { testApp, headers: clientHeaders(admin), server, watch: watchConnections(server) };
  }

  async function open(url: string): Promise<RawConnection> {
    const connection = await RawConnection.open(url);
    connections.push(connection);
    return connection;
  }

  /** What a closing app does within `ms`: 'closed', or 'still open'. */
  const closeWithin = (testApp: TestApp, ms: number) =>
    Promise.race([testApp.close().then(() => 'closed'), after(ms, 'still open')]);

  /** The contents of the stored messages, read after a restart on the same data. */
  async function storedContents(dataDir: string): Promise<string[]> {
    const restarted = await startTestApp({ dataDir });
    apps.push(restarted);
    const stored = await restarted.dataSource.getRepository(Message).find();
    return stored.map((message) => message.content).sort();
  }

  it('ends keep-alive connections that keep sending, answering each request in full, and keeps what it acknowledged', async () => {
    // A deadline far beyond the test's: the drain must end these connections by itself.
    const { testApp, headers } = await start(60_000);
    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;

    // Like tabs that post and poll back to back, each on its one keep-alive connection.
    async function keepSending(connection: RawConnection, tab: number) {
      for (let answers = 0; !stop; answers += 1) {
        const content = `tab ${tab} message ${(sent += 1)}`;
        const poll = answers % 2 === 1;
        connection.write(
          poll
            ? requestText('GET', '/api/rooms/general/messages?after=0&limit=1', { headers })
            : requestText('POST', '/api/rooms/general/messages', { headers, body: { content } }),
        );
        // Undefined: closed before a byte of the answer (the request was never read).
        const response = await connection.response();
        if (!response) return 'closed before an answer';
        expect(response.status).toBe(poll ? 200 : 201);
        if (!poll) acknowledged.push(content);
        if (response.headers.connection === 'close') {
          await connection.closed;
          return 'answered with Connection: close, then closed';
        }
      }
      return 'stopped';
    }

    const tabs = await Promise.all(Array.from({ length: 8 }, () => open(testApp.url)));
    const sending = tabs.map((connection, tab) => keepSending(connection, tab));
    try {
      await waitFor(() => acknowledged.length >= 40);
      expect(await closeWithin(testApp, 10_000)).toBe('closed');
      const endings = await Promise.all(sending);
      expect(endings).not.toContain('stopped');
      // At least the requests under way when the drain began were answered, with Connection: close.
      expect(endings).toContain('answered with Connection: close, then closed');
      expect(testApp.dataSource.isInitialized).toBe(false);
    } finally {
      stop = true;
    }
    expect(await storedContents(testApp.dataDir)).toEqual(acknowledged.sort());
  });

  it('closes idle keep-alive connections at once, answers requests that arrive during the drain in full, and health says 503', async () => {
    const { testApp, headers, watch } = await start(60_000);

    const idle = await open(testApp.url);
    idle.write(requestText('GET', '/api/health'));
    expect((await idle.response())?.headers.connection).toBe('keep-alive');

    // Two requests under way when the shutdown starts: only their beginnings have arrived.
    const post = await open(testApp.url);
    const text = requestText('POST', '/api/rooms/general/messages', {
      headers,
      body: { content: 'sent during the drain' },
    });
    const cut = text.length - 10;
    post.write(text.slice(0, cut));
    const health = await open(testApp.url);
    health.write('GET /api/health HTTP/1.1\r\n');
    await Promise.all([watch.hasRead(post), watch.hasRead(health)]);

    const closing = closeWithin(testApp, 10_000);
    // The server stopped accepting, and at once closed the idle connection.
    await idle.closed;
    expect(idle.pendingBytes).toBe(0);

    post.write(text.slice(cut));
    health.write('Host: 127.0.0.1\r\n\r\n');
    const [posted, healthAnswer] = await Promise.all([post.response(), health.response()]);
    expect(posted?.status).toBe(201);
    expect(posted?.headers.connection).toBe('close');
    expect(healthAnswer?.status).toBe(503);
    expect(healthAnswer?.headers.connection).toBe('close');
    expect(healthAnswer?.headers['retry-after']).toBe('5');
    expect(JSON.parse(healthAnswer!.body)).toEqual({
      statusCode: 503,
      message: 'The server is shutting down',
      error: 'Service Unavailable',
    });
    await Promise.all([post.closed, health.closed]);

    expect(await closing).toBe('closed');
    expect(await storedContents(testApp.dataDir)).toEqual(['sent during the drain']);
  });

  it('forgets the answers queued on a pipelining connection that closes before reading them', async () => {
    const { testApp, server } = await start(60_000);
    const drain = testApp.app.get(HttpDrain);
    let received = 0;
    server.on('request', () => (received += 1));

    // 30 requests for a 1.5 MB answer, sent at once by a client that reads none of
    // them: the first answer fills the buffers, the other 29 wait in Node's queue,
    // where no 'close' reaches them when the connection ends.
    const reader = await open(testApp.url);
    reader.socket.pause();
    reader.write(requestText('GET', '/api/docs/swagger-ui-bundle.js').repeat(30));
    await waitFor(() => received === 30);
    expect(drain.underWay).toBe(30);

    reader.close();
    await waitFor(() => drain.underWay === 0);
    // Nothing left to answer: the shutdown is prompt, deadline or not.
    expect(await closeWithin(testApp, 2000)).toBe('closed');
  });

  it('cuts a connection whose request never completes at the deadline, then closes the database', async () => {
    const { testApp, watch } = await start(500);
    const stalled = await open(testApp.url);
    stalled.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await watch.hasRead(stalled);

    // Generous: the deadline is half a second.
    expect(await closeWithin(testApp, 10_000)).toBe('closed');
    await stalled.closed;
    expect(stalled.pendingBytes).toBe(0);
    expect(testApp.dataSource.isInitialized).toBe(false);
  });
});
