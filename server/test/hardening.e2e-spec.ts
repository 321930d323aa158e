import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../src/database/session.entity';
import { Message } from '../src/messages/message.entity';
import { ApiClient, uniqueName } from './helpers/api-client';
import { findSetCookie, sessionIdOf } from './helpers/cookies';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

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

  describe('anonymous sessions', () => {
    it('last a day, while a logged-in session lasts two weeks', async () => {
      const client = new ApiClient(testApp.url);
      const anonymous = findSetCookie(await client.get('/api/auth/me'), 'chat.sid')!;
      expect(Math.abs(expiresIn(anonymous) - DAY)).toBeLessThan(60_000);
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
    it('marks the session and XSRF cookies Secure when the proxy says the request was HTTPS', async () => {
      const proxied = await startTestApp({ env: { TRUST_PROXY: '1' } });
      try {
        const response = await request(proxied.url)
          .get('/api/auth/me')
          .set('X-Forwarded-Proto', 'https');
        expect(findSetCookie(response, 'chat.sid')).toMatch(/; Secure/);
        expect(findSetCookie(response, 'XSRF-TOKEN')).toMatch(/; Secure/);
        const plain = await request(proxied.url).get('/api/auth/me');
        expect(findSetCookie(plain, 'chat.sid')).not.toMatch(/Secure/);
      } finally {
        await stopTestApp(proxied);
      }
    });

    it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
      const response = await request(testApp.url)
        .get('/api/auth/me')
        .set('X-Forwarded-Proto', 'https');
      expect(findSetCookie(response, 'chat.sid')).not.toMatch(/Secure/);
    });
  });

  describe('a corrupt session row', () => {
    it('fails that request alone: the server keeps answering', async () => {
      const client = new ApiClient(testApp.url);
      await client.signup(uniqueName());
      const id = sessionIdOf(client.sessionCookie!);
      await testApp.dataSource.getRepository(Session).update({ id }, { data: '{not json' });
      const response = await client.get('/api/auth/me');
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect((await request(testApp.url).get('/api/health')).status).toBe(200);
      expect((await admin.get('/api/auth/me')).status).toBe(200);
    });
  });

  describe('database', () => {
    it('runs SQLite in WAL mode with a busy timeout, its file in the data folder', async () => {
      expect(await testApp.dataSource.query('PRAGMA journal_mode')).toEqual([
        { journal_mode: 'wal' },
      ]);
      expect(await testApp.dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      expect(testApp.dataSource.options.database).toBe(`${testApp.dataDir}/chat.sqlite`);
    });
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
