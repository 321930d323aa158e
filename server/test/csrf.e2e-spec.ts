import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../src/database/session.entity';
import { Message } from '../src/messages/message.entity';
import { Room } from '../src/rooms/room.entity';
import { User } from '../src/users/user.entity';
import { ApiClient, uniqueName } from './helpers/api-client';
import { cookieValue, findSetCookie, sessionIdOf, setCookieHeaders } from './helpers/cookies';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

const PASSWORD = 'correct horse 1';
/** A logged-in session's synchronizer token. */
const SESSION_TOKEN = /^[0-9a-f]{64}$/;
/** A visitor's signed double-submit token: HMAC "." random value. */
const VISITOR_TOKEN = /^[0-9a-f]{64}\.[0-9a-f]{64}$/;

function expectForbidden(response: Response): void {
  expect(response.status).toBe(403);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({
    statusCode: 403,
    message: expect.any(String),
    error: 'Forbidden',
  });
}

describe('CSRF protection', () => {
  let testApp: TestApp;
  let admin: ApiClient;
  let member: ApiClient;
  let memberName: string;
  const roomSlug = 'csrf-general';

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = new ApiClient(testApp.url);
    expect((await admin.signup(uniqueName('admin'))).body.user.isAdmin).toBe(true);
    expect((await admin.post('/api/rooms', { name: 'General', slug: roomSlug })).status).toBe(201);
    memberName = uniqueName('member');
    member = new ApiClient(testApp.url);
    expect((await member.signup(memberName)).status).toBe(201);
  });
  afterAll(() => stopTestApp(testApp));

  const users = () => testApp.dataSource.getRepository(User);
  const rooms = () => testApp.dataSource.getRepository(Room);
  const messages = () => testApp.dataSource.getRepository(Message);
  const sessions = () => testApp.dataSource.getRepository(Session);

  /** A visitor holding a token (the XSRF-TOKEN cookie), as the app has after its first GET. */
  async function primedClient(): Promise<ApiClient> {
    const client = new ApiClient(testApp.url);
    await client.get('/api/auth/me');
    expect(client.csrfToken).toMatch(VISITOR_TOKEN);
    return client;
  }

  async function loggedInClient(): Promise<ApiClient> {
    const client = new ApiClient(testApp.url);
    expect((await client.signup(uniqueName())).status).toBe(201);
    return client;
  }

  // How a request gets its X-XSRF-TOKEN header wrong. `undefined`: no header at all.
  const badTokens: [string, () => Promise<string | undefined>][] = [
    ['without the X-XSRF-TOKEN header', () => Promise.resolve(undefined)],
    ['with an empty X-XSRF-TOKEN header', () => Promise.resolve('')],
    ['with a wrong token', () => Promise.resolve(randomBytes(32).toString('hex'))],
    [
      "with another session's valid token",
      async () => {
        const other = await primedClient();
        return other.csrfToken;
      },
    ],
  ];

  describe.each(badTokens)('a POST %s', (_, badToken) => {
    it('to /api/auth/signup is refused with 403 and creates no user, logs nobody in', async () => {
      const client = await primedClient();
      const username = uniqueName('refused');
      const before = await users().count();
      const response = await client.postWithToken('/api/auth/signup', await badToken(), {
        username,
        password: PASSWORD,
      });
      expectForbidden(response);
      expect(await users().count()).toBe(before);
      expect(await users().findOneBy({ usernameKey: username.toLowerCase() })).toBeNull();
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });

    it('to /api/auth/login is refused with 403 and does not log in', async () => {
      const client = await primedClient();
      const sessionBefore = client.sessionCookie;
      const response = await client.postWithToken('/api/auth/login', await badToken(), {
        username: memberName,
        password: PASSWORD,
      });
      expectForbidden(response);
      expect(findSetCookie(response, 'chat.sid')).toBeUndefined();
      expect(client.sessionCookie).toBe(sessionBefore);
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });

    it('to /api/auth/logout is refused with 403 and the session stays valid', async () => {
      const client = await loggedInClient();
      const sessionId = sessionIdOf(client.sessionCookie!);
      const response = await client.postWithToken('/api/auth/logout', await badToken());
      expectForbidden(response);
      expect(await sessions().existsBy({ id: sessionId })).toBe(true);
      expect(sessionIdOf(client.sessionCookie!)).toBe(sessionId);
      expect((await client.get('/api/auth/me')).status).toBe(200);
    });

    it('to /api/rooms is refused with 403 (even for an admin) and stores no room', async () => {
      const before = await rooms().count();
      const response = await admin.postWithToken('/api/rooms', await badToken(), {
        name: 'Refused',
        slug: 'refused-room',
      });
      expectForbidden(response);
      expect(await rooms().count()).toBe(before);
      expect(await rooms().existsBy({ slug: 'refused-room' })).toBe(false);
    });

    it('to /api/rooms/:slug/messages is refused with 403 and stores no message', async () => {
      const before = await messages().count();
      const response = await member.postWithToken(
        `/api/rooms/${roomSlug}/messages`,
        await badToken(),
        { content: 'should not be stored' },
      );
      expectForbidden(response);
      expect(await messages().count()).toBe(before);
      expect(await messages().existsBy({ content: 'should not be stored' })).toBe(false);
    });
  });

  it('refuses a POST from a client with no cookies at all', async () => {
    const before = await users().count();
    const response = await request(testApp.url)
      .post('/api/auth/signup')
      .send({ username: uniqueName('nocookie'), password: PASSWORD });
    expectForbidden(response);
    expect(await users().count()).toBe(before);
  });

  it('refuses a token forged into both the cookie and the header (the session decides)', async () => {
    const client = await loggedInClient();
    const forged = randomBytes(32).toString('hex');
    const response = await request(testApp.url)
      .post('/api/auth/logout')
      .set('Cookie', `${client.sessionCookie}; XSRF-TOKEN=${forged}`)
      .set('X-XSRF-TOKEN', forged);
    expectForbidden(response);
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });

  it('lets the same requests through with the right token (control)', async () => {
    const client = await primedClient();
    const username = uniqueName('control');
    expect((await client.signup(username)).status).toBe(201);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.login(username)).status).toBe(200);
    const message = await client.post(`/api/rooms/${roomSlug}/messages`, { content: 'allowed' });
    expect(message.status).toBe(201);
    const room = await admin.post('/api/rooms', { name: 'Allowed', slug: 'allowed-room' });
    expect(room.status).toBe(201);
  });

  describe('the XSRF-TOKEN cookie', () => {
    it('is set on a response to a request without one: readable by scripts, SameSite=Lax, Path=/', async () => {
      const response = await request(testApp.url).get('/api/auth/me');
      const cookie = findSetCookie(response, 'XSRF-TOKEN');
      expect(cookie).toBeDefined();
      expect(cookieValue(cookie!)).toMatch(VISITOR_TOKEN);
      expect(cookie).not.toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
      expect(cookie).not.toMatch(/;\s*Secure/i);
    });

    it('is not set again when the request carries the current one', async () => {
      const client = await primedClient();
      const token = client.csrfToken;
      const again = await client.get('/api/auth/me');
      expect(findSetCookie(again, 'XSRF-TOKEN')).toBeUndefined();

      const loggedIn = await loggedInClient();
      const post = await loggedIn.post(`/api/rooms/${roomSlug}/messages`, {
        content: 'no new token',
      });
      expect(post.status).toBe(201);
      expect(findSetCookie(post, 'XSRF-TOKEN')).toBeUndefined();
      expect(client.csrfToken).toBe(token);
    });

    it('is set again, to the session token, when the request carries a stale or wrong one', async () => {
      const client = await loggedInClient();
      const response = await request(testApp.url)
        .get('/api/auth/me')
        .set('Cookie', `${client.sessionCookie}; XSRF-TOKEN=stale`);
      expect(response.status).toBe(200);
      const cookie = findSetCookie(response, 'XSRF-TOKEN');
      expect(cookie).toBeDefined();
      expect(cookieValue(cookie!)).toBe(client.csrfToken);
    });

    it('is replaced by a fresh, different token at signup, logout and login', async () => {
      const client = await primedClient();
      const username = uniqueName('rotate');
      const seen = [client.csrfToken];

      const signup = await client.signup(username);
      expect(signup.status).toBe(201);
      expect(findSetCookie(signup, 'XSRF-TOKEN')).toBeDefined();
      seen.push(client.csrfToken);

      const logout = await client.post('/api/auth/logout');
      expect(logout.status).toBe(204);
      expect(findSetCookie(logout, 'XSRF-TOKEN')).toBeDefined();
      seen.push(client.csrfToken);

      const login = await client.login(username);
      expect(login.status).toBe(200);
      expect(findSetCookie(login, 'XSRF-TOKEN')).toBeDefined();
      seen.push(client.csrfToken);

      expect(seen.map((token) => (SESSION_TOKEN.test(token!) ? 'session' : 'visitor'))).toEqual([
        'visitor',
        'session',
        'visitor',
        'session',
      ]);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('held before login stops working after it (403), while the new one works', async () => {
      const client = await primedClient();
      const oldToken = client.csrfToken;
      expect((await client.login(memberName)).status).toBe(200);
      expect(client.csrfToken).not.toBe(oldToken);

      expectForbidden(await client.postWithToken('/api/auth/logout', oldToken));
      expect((await client.get('/api/auth/me')).status).toBe(200);

      expect((await client.postWithToken('/api/auth/logout', client.csrfToken)).status).toBe(204);
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });

    it('held before signup stops working after it', async () => {
      const client = await primedClient();
      const oldToken = client.csrfToken;
      expect((await client.signup(uniqueName())).status).toBe(201);
      expectForbidden(
        await client.postWithToken(`/api/rooms/${roomSlug}/messages`, oldToken, { content: 'old' }),
      );
      expect(await messages().existsBy({ content: 'old' })).toBe(false);
    });

    it('held before logout stops working after it', async () => {
      const client = await loggedInClient();
      const oldToken = client.csrfToken;
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      const response = await client.postWithToken('/api/auth/login', oldToken, {
        username: memberName,
        password: PASSWORD,
      });
      expectForbidden(response);
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });
  });

  describe("a visitor's token (signed double-submit, no session)", () => {
    it('costs no session row and no session cookie, however many requests, refused ones too', async () => {
      const before = await sessions().count();
      for (let i = 0; i < 25; i++) {
        const visit = await request(testApp.url).get('/api/auth/me');
        expect(visit.status).toBe(401);
        expect(findSetCookie(visit, 'chat.sid')).toBeUndefined();
        expect(cookieValue(findSetCookie(visit, 'XSRF-TOKEN')!)).toMatch(VISITOR_TOKEN);
        const refused = await request(testApp.url)
          .post('/api/auth/login')
          .send({ username: memberName, password: 'wrong password' });
        expect(refused.status).toBe(403);
        expect(findSetCookie(refused, 'chat.sid')).toBeUndefined();
      }
      const client = await primedClient();
      expect((await client.login(memberName, 'wrong password')).status).toBe(401);
      expect((await client.post('/api/auth/logout')).status).toBe(401);
      expect(client.sessionCookie).toBeUndefined();
      expect(await sessions().count()).toBe(before);
    });

    it('is not set again while the visitor carries a valid one', async () => {
      const client = await primedClient();
      const again = await client.get('/api/auth/me');
      expect(findSetCookie(again, 'XSRF-TOKEN')).toBeUndefined();
    });

    it.each([
      ['random hex in the HMAC and value', `${'ab'.repeat(32)}.${'cd'.repeat(32)}`],
      ['no value part', 'ab'.repeat(32)],
      ['an empty value part', `${'ab'.repeat(32)}.`],
      ['a JSON-looking value', 'j:{"a":1}'],
    ])('refuses a forged token in both cookie and header (%s)', async (_, forged) => {
      const before = await users().count();
      const response = await request(testApp.url)
        .post('/api/auth/signup')
        .set('Cookie', `XSRF-TOKEN=${encodeURIComponent(forged)}`)
        .set('X-XSRF-TOKEN', forged)
        .send({ username: uniqueName('forged'), password: PASSWORD });
      expectForbidden(response);
      expect(await users().count()).toBe(before);
    });

    it("refuses a token signed by another installation's secret", async () => {
      const other = await startTestApp();
      try {
        const foreign = await new ApiClient(other.url).get('/api/auth/me');
        const token = cookieValue(findSetCookie(foreign, 'XSRF-TOKEN')!);
        const response = await request(testApp.url)
          .post('/api/auth/login')
          .set('Cookie', `XSRF-TOKEN=${token}`)
          .set('X-XSRF-TOKEN', token)
          .send({ username: memberName, password: PASSWORD });
        expectForbidden(response);
      } finally {
        await stopTestApp(other);
      }
    });

    it('does not pass for a logged-in session, whose own token decides', async () => {
      const client = await loggedInClient();
      const visitorToken = (await primedClient()).csrfToken!;
      const response = await request(testApp.url)
        .post(`/api/rooms/${roomSlug}/messages`)
        .set('Cookie', `${client.sessionCookie}; XSRF-TOKEN=${visitorToken}`)
        .set('X-XSRF-TOKEN', visitorToken)
        .send({ content: 'with a visitor token' });
      expectForbidden(response);
      expect(await messages().existsBy({ content: 'with a visitor token' })).toBe(false);
    });
  });

  describe('GET /api/health', () => {
    it('sets no cookies and creates no session', async () => {
      const before = await sessions().count();
      const response = await request(testApp.url).get('/api/health');
      expect(response.status).toBe(200);
      expect(setCookieHeaders(response)).toEqual([]);
      expect(await sessions().count()).toBe(before);
    });

    it('sets no cookies for a client whose XSRF-TOKEN cookie is missing', async () => {
      const client = await loggedInClient();
      const response = await request(testApp.url)
        .get('/api/health')
        .set('Cookie', client.sessionCookie!);
      expect(response.status).toBe(200);
      expect(setCookieHeaders(response)).toEqual([]);
    });
  });
});
