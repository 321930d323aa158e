import request from 'supertest';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ApiClient, uniqueName } from './helpers/api-client';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess } from './helpers/test-target';

interface LogLine {
  level: number;
  time: string;
  msg: string;
  req: { id: string; method: string; path: string; ip: string };
  res: { statusCode: number };
  responseTime: number;
  userId?: number;
  [key: string]: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * What the process writes to stdout while a test runs, kept from the terminal:
 * the request log, and whatever else writes there (requestLines picks the log's).
 */
function captureStdout(): { written: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as MockInstance;
  return { written: () => chunks.join(''), restore: () => spy.mockRestore() };
}

function requestLines(written: string): LogLine[] {
  return written
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.req !== undefined);
}

// The log is the app's stdout: in the cluster run, other processes' (see test-target.ts).
describe.skipIf(!inProcess)('request logging', () => {
  describe('with LOG_REQUESTS=true', () => {
    let testApp: TestApp;
    let stdout: ReturnType<typeof captureStdout>;

    beforeAll(async () => {
      stdout = captureStdout();
      // Behind a proxy on loopback, so that req.ip is the X-Forwarded-For address.
      testApp = await startTestApp({ env: { LOG_REQUESTS: 'true', TRUST_PROXY: 'loopback' } });
    });
    afterAll(async () => {
      await stopTestApp(testApp);
      stdout.restore();
    });

    /** The one line logged for a response, by the request id it echoes. */
    async function lineFor(response: Response): Promise<LogLine> {
      const id = response.headers['x-request-id'];
      expect(id).toBeTruthy();
      // The line is written when the response has finished, which may be after the client has it.
      return vi.waitFor(() => {
        const lines = requestLines(stdout.written()).filter((line) => line.req.id === id);
        expect(lines).toHaveLength(1);
        return lines[0];
      });
    }

    it('writes one line per request with exactly the fields an operator needs', async () => {
      const response = await request(testApp.url).get('/api/health?verbose=1&after=42');
      const line = await lineFor(response);
      expect(line).toEqual({
        level: 30,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        pid: process.pid,
        hostname: expect.any(String),
        req: {
          id: expect.stringMatching(UUID),
          method: 'GET',
          path: '/api/health',
          ip: '127.0.0.1',
        },
        res: { statusCode: response.status },
        responseTime: expect.any(Number),
        msg: 'request completed',
      });
    });

    it('logs the client address as Express computes it, through the trusted proxy', async () => {
      const response = await request(testApp.url)
        .get('/api/health')
        .set('X-Forwarded-For', '203.0.113.7');
      expect((await lineFor(response)).req.ip).toBe('203.0.113.7');
    });

    it.each(['0123456789abcdef0123456789abcdef', 'edge-7:req.42_a'])(
      'uses and echoes the X-Request-Id %j from the proxy',
      async (id) => {
        const response = await request(testApp.url).get('/api/health').set('X-Request-Id', id);
        expect(response.headers['x-request-id']).toBe(id);
        expect((await lineFor(response)).req.id).toBe(id);
      },
    );

    it.each([
      ['too long', 'a'.repeat(129)],
      ['with spaces', 'a b c'],
      ['forging a field', '","userId":1,"x":"'],
    ])('replaces an X-Request-Id %s with a generated one', async (_, id) => {
      const response = await request(testApp.url).get('/api/health').set('X-Request-Id', id);
      const echoed = response.headers['x-request-id'];
      expect(echoed).toMatch(UUID);
      expect((await lineFor(response)).req.id).toBe(echoed);
      expect(stdout.written()).not.toContain(id);
    });

    it('logs refusals with their status: 401, 403, 404, 413', async () => {
      const visitor = new ApiClient(testApp.url);
      const refusals: [Response, number, string][] = [
        [await visitor.get('/api/rooms'), 401, '/api/rooms'],
        [await visitor.postWithToken('/api/rooms', undefined, { name: 'x' }), 403, '/api/rooms'],
        [await visitor.get('/api/no-such-thing?x=1'), 404, '/api/no-such-thing'],
        [
          await visitor.postWithToken('/api/rooms', undefined, { name: 'x'.repeat(100_000) }),
          413,
          '/api/rooms',
        ],
      ];
      for (const [response, status, path] of refusals) {
        expect(response.status).toBe(status);
        const line = await lineFor(response);
        expect(line).toMatchObject({ req: { path }, res: { statusCode: status } });
        expect(line).not.toHaveProperty('userId');
      }
    });

    it('names the user once logged in, and logs no secret of theirs', async () => {
      const password = 'pw-LOGGED-NEVER-1';
      const text = 'text-LOGGED-NEVER-2';
      const alice = new ApiClient(testApp.url);
      const username = uniqueName('alice');

      const signup = await alice.signup(username, password);
      expect(signup.status).toBe(201);
      const userId = (signup.body as { user: { id: number } }).user.id;
      expect((await lineFor(signup)).userId).toBe(userId);
      expect((await alice.post('/api/auth/logout')).status).toBe(204);

      const login = await alice.login(username, password);
      expect(login.status).toBe(200);
      expect(await lineFor(login)).toMatchObject({
        req: { method: 'POST', path: '/api/auth/login' },
        res: { statusCode: 200 },
        userId,
      });

      const slug = `logs-${userId}`;
      const room = await alice.post('/api/rooms', { name: 'Logs', slug });
      expect(room.status, 'the first user is an admin').toBe(201);
      const send = await alice.post(`/api/rooms/${slug}/messages`, { content: text });
      expect(send.status).toBe(201);
      expect(await lineFor(send)).toMatchObject({
        req: { method: 'POST', path: `/api/rooms/${slug}/messages` },
        res: { statusCode: 201 },
        userId,
      });

      // Headers that carry secrets, and a query string that might.
      const probe = await request(testApp.url)
        .get('/api/auth/me?token=query-LOGGED-NEVER-3')
        .set('Cookie', `${alice.sessionCookie}; other=cookie-LOGGED-NEVER-4`)
        .set('X-XSRF-TOKEN', alice.csrfToken ?? '')
        .set('Authorization', 'Bearer auth-LOGGED-NEVER-5');
      expect(probe.status).toBe(200);
      expect((await lineFor(probe)).userId).toBe(userId);

      const written = stdout.written();
      const sessionId = alice.sessionCookie!.split('=')[1];
      for (const secret of [password, text, sessionId, alice.csrfToken!, 'LOGGED-NEVER']) {
        expect(written).not.toContain(secret);
      }
    });
  });

  describe('with LOG_REQUESTS unset, as in tests and development', () => {
    let testApp: TestApp;
    let stdout: ReturnType<typeof captureStdout>;

    beforeAll(async () => {
      stdout = captureStdout();
      testApp = await startTestApp();
    });
    afterAll(async () => {
      await stopTestApp(testApp);
      stdout.restore();
    });

    it('logs nothing and sends no request id', async () => {
      const responses = [
        await request(testApp.url).get('/api/health').set('X-Request-Id', 'quiet-1'),
        await request(testApp.url).get('/api/rooms'),
      ];
      expect(responses.map((response) => response.status)).toEqual([200, 401]);
      for (const response of responses) expect(response.headers['x-request-id']).toBeUndefined();
      // Give a line, had there been one, the time to be written.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(requestLines(stdout.written())).toEqual([]);
    });
  });
});
