import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Session } from '../src/database/session.entity';
import { Message } from '../src/messages/message.entity';
import { ApiClient, uniqueName } from './helpers/api-client';
import { cookieValue, findSetCookie, sessionIdOf } from './helpers/cookies';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess, testTarget } from './helpers/test-target';

const DAY = 24 * 60 * 60 * 1000;

function expiresIn(setCookie: string): number {
  return new Date(/Expires=([^;]+)/.exec(setCookie)![1]).getTime() - Date.now();
}

describe('hardening', () => {
  let testApp: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = new ApiClient(testApp.url);
    await admin.signup('admin');
    await admin.post('/api/rooms', { name: 'General' });
  });
  afterAll(() => stopTestApp(testApp));

  describe('cross-site requests (Fetch Metadata, on top of the token)', () => {
    it('refuses a POST the browser marks cross-site, even with a valid token', async () => {
      const before = await testApp.dataSource.getRepository(Message).count();
      const response = await request(testApp.url)
        .post('/api/rooms/general/messages')
        .set('Cookie', admin.sessionCookie!)
        .set('X-XSRF-TOKEN', admin.csrfToken!)
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ content: 'forged' });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(response.body.message).toMatch(/cross-site|origin/i);
      expect(await testApp.dataSource.getRepository(Message).count()).toBe(before);
    });

    it('refuses a POST from a foreign Origin when the browser sends no Fetch Metadata', async () => {
      const response = await request(testApp.url)
        .post('/api/rooms/general/messages')
        .set('Cookie', admin.sessionCookie!)
        .set('X-XSRF-TOKEN', admin.csrfToken!)
        .set('Origin', 'http://evil.example')
        .send({ content: 'forged' });
      expect(response.status).toBe(403);
    });

    it('accepts the same POST from the app itself', async () => {
      const response = await request(testApp.url)
        .post('/api/rooms/general/messages')
        .set('Cookie', admin.sessionCookie!)
        .set('X-XSRF-TOKEN', admin.csrfToken!)
        .set('Sec-Fetch-Site', 'same-origin')
        .send({ content: 'mine' });
      expect(response.status).toBe(201);
    });
  });

  describe('sessions', () => {
    it('exist only once logged in, and then last two weeks', async () => {
      const client = new ApiClient(testApp.url);
      expect(findSetCookie(await client.get('/api/auth/me'), 'chat.sid')).toBeUndefined();
      const loggedIn = findSetCookie(await client.signup(uniqueName()), 'chat.sid')!;
      expect(Math.abs(expiresIn(loggedIn) - 14 * DAY)).toBeLessThan(60_000);
    });

    it.each(['/api/health', '/api/health/', '/API/HEALTH'])(
      'are not made for health probes (%s)',
      async (path) => {
        const before = await testApp.dataSource.getRepository(Session).count();
        const response = await request(testApp.url).get(path);
        expect(response.status).toBe(200);
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(await testApp.dataSource.getRepository(Session).count()).toBe(before);
      },
    );
  });

  describe('polling', () => {
    it('never writes the session: its row is unchanged after many polls', async () => {
      const sessions = testApp.dataSource.getRepository(Session);
      const id = sessionIdOf(admin.sessionCookie!);
      const before = await sessions.findOneByOrFail({ id });
      for (let i = 0; i < 5; i++) {
        const poll = await admin.get('/api/rooms/general/messages?after=0');
        expect(poll.status).toBe(200);
        expect(poll.headers['set-cookie']).toBeUndefined();
      }
      expect(await sessions.findOneByOrFail({ id })).toEqual(before);
    });
  });

  describe('behind a TLS proxy (TRUST_PROXY)', () => {
    /** Signs up with every request marked as forwarded over HTTPS (or not); returns both responses. */
    async function signUpForwarded(url: string, proto: 'https' | undefined) {
      const forwarded = (pending: request.Test) =>
        proto ? pending.set('X-Forwarded-Proto', proto) : pending;
      const visit = await forwarded(request(url).get('/api/auth/me'));
      const token = cookieValue(findSetCookie(visit, 'XSRF-TOKEN')!);
      const signup = await forwarded(request(url).post('/api/auth/signup'))
        .set('Cookie', `XSRF-TOKEN=${token}`)
        .set('X-XSRF-TOKEN', token)
        .send({ username: uniqueName(), password: 'correct horse 1' });
      expect(signup.status).toBe(201);
      return { visit, signup };
    }

    // The test plays the TLS proxy; in the cluster run nginx is the proxy, and says http.
    it.skipIf(!inProcess)(
      'marks the session and XSRF cookies Secure when the proxy says the request was HTTPS',
      async () => {
        const proxied = await startTestApp({ env: { TRUST_PROXY: '1' } });
        try {
          const secure = await signUpForwarded(proxied.url, 'https');
          expect(findSetCookie(secure.visit, 'XSRF-TOKEN')).toMatch(/; Secure/);
          expect(findSetCookie(secure.signup, 'chat.sid')).toMatch(/; Secure/);
          expect(findSetCookie(secure.signup, 'XSRF-TOKEN')).toMatch(/; Secure/);
          const plain = await signUpForwarded(proxied.url, undefined);
          expect(findSetCookie(plain.signup, 'chat.sid')).not.toMatch(/Secure/);
          expect(findSetCookie(plain.signup, 'XSRF-TOKEN')).not.toMatch(/Secure/);
        } finally {
          await stopTestApp(proxied);
        }
      },
    );

    it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
      const { visit, signup } = await signUpForwarded(testApp.url, 'https');
      expect(findSetCookie(visit, 'XSRF-TOKEN')).not.toMatch(/Secure/);
      expect(findSetCookie(signup, 'chat.sid')).not.toMatch(/Secure/);
    });
  });

  describe('a corrupt session row', () => {
    it.each(['{not json', 'null', '42', '"text"'])(
      'is no session (%s): 401, the row is deleted, the server keeps answering',
      async (data) => {
        const client = new ApiClient(testApp.url);
        await client.signup(uniqueName());
        const id = sessionIdOf(client.sessionCookie!);
        const sessions = testApp.dataSource.getRepository(Session);
        await sessions.update({ id }, { data });
        const response = await client.get('/api/auth/me');
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        await vi.waitFor(async () => expect(await sessions.existsBy({ id })).toBe(false));
        expect((await request(testApp.url).get('/api/health')).status).toBe(200);
        expect((await admin.get('/api/auth/me')).status).toBe(200);
      },
    );
  });

  describe('database', () => {
    // SQLite's own settings; PostgreSQL's counterpart is the statement timeout below.
    it.skipIf(testTarget !== 'sqlite')(
      'runs SQLite in WAL mode with a busy timeout, its file in the data folder',
      async () => {
        expect(await testApp.dataSource.query('PRAGMA journal_mode')).toEqual([
          { journal_mode: 'wal' },
        ]);
        expect(await testApp.dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
        expect(testApp.dataSource.options.database).toBe(`${testApp.dataDir}/chat.sqlite`);
      },
    );

    it.skipIf(testTarget !== 'postgres')(
      'bounds how long a PostgreSQL statement may wait',
      async () => {
        expect(await testApp.dataSource.query('SHOW statement_timeout')).toEqual([
          { statement_timeout: '15s' },
        ]);
      },
    );
  });

  describe('rate-limit answers', () => {
    it('429 has the API error shape and a Retry-After header', async () => {
      const limited = await startTestApp({ env: { AUTH_RATE_LIMIT: '1' } });
      try {
        const client = new ApiClient(limited.url);
        await client.login('nobody', 'wrong password');
        const response = await client.login('nobody', 'wrong password');
        expect(response.status).toBe(429);
        expect(response.body).toEqual({
          statusCode: 429,
          message: expect.stringMatching(/too many/i),
          error: 'Too Many Requests',
        });
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await stopTestApp(limited);
      }
    });
  });
});
