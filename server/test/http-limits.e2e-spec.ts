import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { after, RawConnection, requestText, waitFor } from './helpers/raw-http';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess } from './helpers/test-target';

/** Far beyond the short timeouts set below, far below Node's defaults (60 s, 300 s, 30 s checks). */
const GENEROUS_MS = 8000;

// The app's own HTTP server's limits; in the cluster run nginx, with its own, is in front.
describe.skipIf(!inProcess)('HTTP server limits', () => {
  let testApp: TestApp;
  const connections: RawConnection[] = [];

  beforeAll(async () => {
    testApp = await startTestApp({
      env: {
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '1500',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
        HTTP_MAX_CONNECTIONS: '100',
      },
    });
  });
  afterEach(() => connections.splice(0).forEach((connection) => connection.close()));
  afterAll(() => stopTestApp(testApp));

  async function open(): Promise<RawConnection> {
    const connection = await RawConnection.open(testApp.url);
    connections.push(connection);
    return connection;
  }

  it('runs on a server created with the configured settings (the same function as production)', () => {
    const server = testApp.app.getHttpServer() as Server;
    expect({
      headersTimeout: server.headersTimeout,
      requestTimeout: server.requestTimeout,
      keepAliveTimeout: server.keepAliveTimeout,
      timeout: server.timeout,
      maxConnections: server.maxConnections,
    }).toEqual({
      headersTimeout: 1000,
      requestTimeout: 1500,
      keepAliveTimeout: 1000,
      timeout: 1500,
      maxConnections: 100,
    });
  });

  it('answers 408 and closes a connection whose headers do not arrive within the headers timeout', async () => {
    const slow = await open();
    slow.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const response = await Promise.race([slow.response(), after(GENEROUS_MS, 'no answer')]);
    expect(response).toMatchObject({ status: 408, headers: { connection: 'close' } });
    await slow.closed;
  });

  it('answers 408 and closes a connection whose body trickles in past the request timeout', async () => {
    const slow = await open();
    slow.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":"',
    );
    // A byte every 100 ms: the connection is never silent, only too slow.
    const trickle = setInterval(() => slow.isOpen && slow.write('a'), 100);
    try {
      const response = await Promise.race([slow.response(), after(GENEROUS_MS, 'no answer')]);
      expect(response).toMatchObject({ status: 408, headers: { connection: 'close' } });
      await slow.closed;
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout, and says so', async () => {
    const idle = await open();
    idle.write(requestText('GET', '/api/health'));
    const response = await idle.response();
    expect(response?.status).toBe(200);
    expect(response?.headers['keep-alive']).toBe('timeout=1');
    expect(await Promise.race([idle.closed.then(() => 'closed'), after(GENEROUS_MS, 'open')])).toBe(
      'closed',
    );
  });

  it('closes a connection on which nothing moves for the request timeout: a client that stops reading its answers', async () => {
    const server = testApp.app.getHttpServer() as Server;
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const reader = await open();
    const serverSide = await accepted;
    const serverClosed = new Promise<void>((resolve) => serverSide.once('close', () => resolve()));

    // Pipelined requests for a 1.5 MB answer, none of it read: the buffers fill, the
    // answers stall, and neither the request timeouts (the requests arrived) nor
    // the keep-alive timeout (an answer is under way) apply.
    reader.socket.pause();
    reader.write(requestText('GET', '/api/docs/swagger-ui-bundle.js').repeat(4));
    const started = Date.now();
    expect(
      await Promise.race([serverClosed.then(() => 'closed'), after(GENEROUS_MS, 'open')]),
    ).toBe('closed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('keeps serving a connection that sends its requests in time', async () => {
    const polling = await open();
    for (let poll = 0; poll < 3; poll += 1) {
      polling.write(requestText('GET', '/api/health'));
      expect((await polling.response())?.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(polling.isOpen).toBe(true);
  });
});

// The app's own HTTP server's limits; in the cluster run nginx, with its own, is in front.
describe.skipIf(!inProcess)('HTTP connection cap', () => {
  let testApp: TestApp;
  const connections: RawConnection[] = [];

  beforeAll(async () => {
    testApp = await startTestApp({ env: { HTTP_MAX_CONNECTIONS: '3' } });
  });
  afterAll(async () => {
    connections.forEach((connection) => connection.close());
    await stopTestApp(testApp);
  });

  async function healthOn(connection: RawConnection) {
    connection.write(requestText('GET', '/api/health'));
    return connection.response();
  }

  it('closes connections beyond HTTP_MAX_CONNECTIONS at once, and accepts again when one ends', async () => {
    const server = testApp.app.getHttpServer() as Server;
    for (let i = 0; i < 3; i += 1) {
      const connection = await RawConnection.open(testApp.url);
      connections.push(connection);
      expect((await healthOn(connection))?.status).toBe(200);
    }

    const refused = await RawConnection.open(testApp.url);
    connections.push(refused);
    expect(await healthOn(refused)).toBeUndefined();
    await refused.closed;

    connections[0].close();
    let open = 3;
    await waitFor(() => {
      server.getConnections((_error, count) => (open = count));
      return open < 3;
    });
    const next = await RawConnection.open(testApp.url);
    connections.push(next);
    expect((await healthOn(next))?.status).toBe(200);
  });
});
