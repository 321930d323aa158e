import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../src/users/user.entity';
import { ApiClient, uniqueName } from './helpers/api-client';
import { findSetCookie, sessionIdOf } from './helpers/cookies';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

describe('auth', () => {
  let testApp: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = new ApiClient(testApp.url);
    await admin.signup('founder');
  });
  afterAll(() => stopTestApp(testApp));

  const users = () => testApp.dataSource.getRepository(User);

  describe('POST /api/auth/signup', () => {
    it('creates the user, logs them in and answers 201 {user}', async () => {
      const client = new ApiClient(testApp.url);
      const username = uniqueName('Bob');
      const response = await client.signup(username);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ user: { id: expect.any(Number), username, isAdmin: false } });
      const me = await client.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe(username);
      const stored = await users().findOneByOrFail({ username });
      expect(stored.passwordHash).toMatch(/^scrypt\$/);
      expect(stored.passwordHash).not.toContain('correct horse');
    });

    it('made the first account on the empty database an admin', async () => {
      const me = await admin.get('/api/auth/me');
      expect(me.body.user).toMatchObject({ username: 'founder', isAdmin: true });
    });

    it('refuses a taken username in any case with 409', async () => {
      const response = await new ApiClient(testApp.url).signup('FOUNDER');
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect(await users().countBy({ usernameKey: 'founder' })).toBe(1);
    });

    it.each([
      ['too short', { username: 'ab', password: 'password1' }],
      ['too long', { username: 'a'.repeat(33), password: 'password1' }],
      ['a space', { username: 'al ice', password: 'password1' }],
      ['a slash', { username: 'al/ice', password: 'password1' }],
      ['a non-string name', { username: 12345, password: 'password1' }],
      ['a short password', { username: 'shorty', password: 'pass1' }],
      ['an all-digit password', { username: 'digits', password: '1234567890' }],
      ['a password over 128', { username: 'longpw', password: 'a'.repeat(129) }],
      ['no password', { username: 'nopass' }],
      ['an isAdmin field', { username: 'sneaky', password: 'password1', isAdmin: true }],
    ])('refuses %s with 400 and creates nothing', async (_, body) => {
      const before = await users().count();
      const response = await new ApiClient(testApp.url).post('/api/auth/signup', body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(await users().count()).toBe(before);
    });

    it('accepts letters, digits, ".", "_" and "-" in 3 to 32 characters', async () => {
      const response = await new ApiClient(testApp.url).signup(`a.b_c-D9${Date.now() % 1000}`);
      expect(response.status).toBe(201);
    });

    it('starts a new session id, not one the request brought (no session fixation)', async () => {
      const planter = new ApiClient(testApp.url);
      await planter.signup(uniqueName());
      const planted = planter.sessionCookie!;
      const response = await request(testApp.url)
        .post('/api/auth/signup')
        .set('Cookie', `${planted}; XSRF-TOKEN=${planter.csrfToken}`)
        .set('X-XSRF-TOKEN', planter.csrfToken!)
        .send({ username: uniqueName(), password: 'correct horse 1' });
      expect(response.status).toBe(201);
      const started = findSetCookie(response, 'chat.sid')!;
      expect(sessionIdOf(started)).not.toBe(sessionIdOf(planted));
      expect((await planter.get('/api/auth/me')).status).toBe(401);
    });
  });

  describe('POST /api/auth/login', () => {
    const username = uniqueName('Carol');

    beforeAll(async () => {
      await new ApiClient(testApp.url).signup(username, 'carols secret');
    });

    it('logs in with 200 {user}, whatever the case of the name', async () => {
      const client = new ApiClient(testApp.url);
      const response = await client.login(username.toUpperCase(), 'carols secret');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ user: { id: expect.any(Number), username, isAdmin: false } });
      expect((await client.get('/api/auth/me')).body.user.username).toBe(username);
    });

    it('answers a wrong password and an unknown name with the same 401', async () => {
      const wrongPassword = await new ApiClient(testApp.url).login(username, 'not the secret');
      const unknownName = await new ApiClient(testApp.url).login('nobody-here', 'carols secret');
      expect(wrongPassword.status).toBe(401);
      expect(unknownName.status).toBe(401);
      expect(wrongPassword.body).toEqual(unknownName.body);
      expect(wrongPassword.body.message).toBe('Invalid username or password');
    });

    it('does not log in after a failed attempt', async () => {
      const client = new ApiClient(testApp.url);
      await client.login(username, 'not the secret');
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });

    it.each([
      ['no body', undefined],
      ['a missing password', { username: 'x' }],
      ['a non-string password', { username: 'x', password: 5 }],
      ['an unknown field', { username: 'x', password: 'y', remember: true }],
    ])('refuses %s with 400', async (_, body) => {
      const response = await new ApiClient(testApp.url).post('/api/auth/login', body);
      expect(response.status).toBe(400);
    });

    it('refuses a valid login that carries an unknown field, and does not log in', async () => {
      const client = new ApiClient(testApp.url);
      const response = await client.post('/api/auth/login', {
        username,
        password: 'carols secret',
        isAdmin: true,
      });
      expect(response.status).toBe(400);
      expect((await client.get('/api/auth/me')).status).toBe(401);
    });

    it('changes the session id at login (no session fixation)', async () => {
      const client = new ApiClient(testApp.url);
      await client.signup(uniqueName());
      const before = client.sessionCookie!;
      expect((await client.login(username, 'carols secret')).status).toBe(200);
      expect(sessionIdOf(client.sessionCookie!)).not.toBe(sessionIdOf(before));
      expect((await client.get('/api/auth/me')).body.user.username).toBe(username);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('answers 204 and the old session cookie no longer authenticates', async () => {
      const client = new ApiClient(testApp.url);
      await client.signup(uniqueName());
      const oldCookie = client.sessionCookie!;
      const response = await client.post('/api/auth/logout');
      expect(response.status).toBe(204);
      expect((await client.get('/api/auth/me')).status).toBe(401);

      const replay = await new ApiClient(testApp.url).get('/api/auth/me');
      expect(replay.status).toBe(401);
      const replayed = await request(testApp.url).get('/api/auth/me').set('Cookie', oldCookie);
      expect(replayed.status).toBe(401);
    });

    it('answers 401 without a session', async () => {
      const response = await new ApiClient(testApp.url).post('/api/auth/logout');
      expect(response.status).toBe(401);
    });
  });

  describe('GET /api/auth/me', () => {
    it('answers 401 without a session', async () => {
      const response = await new ApiClient(testApp.url).get('/api/auth/me');
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        message: 'Log in first',
        error: 'Unauthorized',
      });
    });
  });

  describe('session cookie', () => {
    it('is HttpOnly, SameSite=Lax, not Secure over plain HTTP, and lasts two weeks', async () => {
      const client = new ApiClient(testApp.url);
      const response = await client.signup(uniqueName());
      const cookie = ([] as string[])
        .concat(response.headers['set-cookie'])
        .find((header) => header.startsWith('chat.sid='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/);
      const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]).getTime();
      const twoWeeks = 14 * 24 * 60 * 60 * 1000;
      expect(Math.abs(expires - Date.now() - twoWeeks)).toBeLessThan(60_000);
    });
  });
});
