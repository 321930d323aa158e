import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../src/database/session.entity';
import { TypeormSessionStore } from '../src/database/typeorm-session-store';
import { User } from '../src/users/user.entity';
import { ApiClient, uniqueName } from './helpers/api-client';
import { sessionIdOf } from './helpers/cookies';
import { dropPostgresDatabase } from './helpers/postgres-databases';
import { makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess, testTarget } from './helpers/test-target';

const SECRET_A = 'a-configured-session-secret-of-40-chars!';
const SECRET_B = 'another-configured-session-secret-40-ch!';

/** GET /api/auth/me as a browser that kept these cookies across the restart. */
function meWithCookies(testApp: TestApp, cookies: string) {
  return request(testApp.url).get('/api/auth/me').set('Cookie', cookies);
}

describe('sessions across app restarts', () => {
  // Apps still running and folders still on disk if a test fails halfway.
  const running = new Set<TestApp>();
  const folders = new Set<string>();

  async function start(dataDir: string, env?: Record<string, string>): Promise<TestApp> {
    const testApp = await startTestApp({ dataDir, env });
    running.add(testApp);
    return testApp;
  }

  /** Stops the app and keeps its data folder, as a server restart would. */
  async function stop(testApp: TestApp): Promise<void> {
    running.delete(testApp);
    await testApp.close();
  }

  function newDataDir(): string {
    const dataDir = makeDataDir();
    folders.add(dataDir);
    return dataDir;
  }

  afterEach(async () => {
    for (const testApp of running) await testApp.close();
    running.clear();
    for (const folder of folders) {
      rmSync(folder, { recursive: true, force: true });
      if (testTarget !== 'sqlite') await dropPostgresDatabase(folder);
    }
    folders.clear();
  });

  // A secret file is generated only without SESSION_SECRET, which PostgreSQL requires.
  it.skipIf(testTarget !== 'sqlite')(
    'keeps a user logged in, with a generated secret file (mode 600) that is reused',
    async () => {
      const dataDir = newDataDir();
      const secretFile = join(dataDir, 'session-secret');
      const first = await start(dataDir);
      const client = new ApiClient(first.url);
      const username = uniqueName('restart');
      expect((await client.signup(username)).status).toBe(201);
      const cookies = `${client.sessionCookie}; XSRF-TOKEN=${client.csrfToken}`;

      expect(existsSync(secretFile)).toBe(true);
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      const secret = readFileSync(secretFile, 'utf8');
      expect(secret.trim().length).toBeGreaterThanOrEqual(32);
      await stop(first);

      const second = await start(dataDir);
      const me = await meWithCookies(second, cookies);
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe(username);
      expect(readFileSync(secretFile, 'utf8')).toBe(secret);
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);

      // The session's CSRF token survived too: the restarted app accepts it.
      const logout = await request(second.url)
        .post('/api/auth/logout')
        .set('Cookie', cookies)
        .set('X-XSRF-TOKEN', client.csrfToken!);
      expect(logout.status).toBe(204);
      expect((await meWithCookies(second, cookies)).status).toBe(401);
    },
  );

  // As above: no generated secret file on PostgreSQL.
  it.skipIf(testTarget !== 'sqlite')(
    'does not accept the cookie once the generated secret file is replaced',
    async () => {
      const dataDir = newDataDir();
      const first = await start(dataDir);
      const client = new ApiClient(first.url);
      expect((await client.signup(uniqueName())).status).toBe(201);
      await stop(first);

      rmSync(join(dataDir, 'session-secret'));
      const second = await start(dataDir);
      expect((await meWithCookies(second, client.sessionCookie!)).status).toBe(401);
    },
  );

  it('with SESSION_SECRET set, needs no secret file and keeps users logged in', async () => {
    const dataDir = newDataDir();
    const first = await start(dataDir, { SESSION_SECRET: SECRET_A });
    const client = new ApiClient(first.url);
    const username = uniqueName('configured');
    expect((await client.signup(username)).status).toBe(201);
    expect(existsSync(join(dataDir, 'session-secret'))).toBe(false);
    await stop(first);

    const second = await start(dataDir, { SESSION_SECRET: SECRET_A });
    const me = await meWithCookies(second, client.sessionCookie!);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(username);
    expect(existsSync(join(dataDir, 'session-secret'))).toBe(false);
    await stop(second);

    // The configured secret is really the one signing the cookie.
    const third = await start(dataDir, { SESSION_SECRET: SECRET_B });
    expect((await meWithCookies(third, client.sessionCookie!)).status).toBe(401);
  });
});

describe('session lifetime', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
    await new ApiClient(testApp.url).signup('founder');
  });
  afterAll(() => stopTestApp(testApp));

  const sessions = () => testApp.dataSource.getRepository(Session);

  it('stores the logged-in session as a row in the sessions table', async () => {
    const client = new ApiClient(testApp.url);
    expect((await client.signup(uniqueName())).status).toBe(201);
    const row = await sessions().findOneByOrFail({ id: sessionIdOf(client.sessionCookie!) });
    expect(row.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.parse(row.data)).toMatchObject({ passport: { user: { id: expect.any(Number) } } });
  });

  it('logout deletes the session row', async () => {
    const client = new ApiClient(testApp.url);
    expect((await client.signup(uniqueName())).status).toBe(201);
    const sessionId = sessionIdOf(client.sessionCookie!);
    expect(await sessions().existsBy({ id: sessionId })).toBe(true);

    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect(await sessions().existsBy({ id: sessionId })).toBe(false);
    expect(sessionIdOf(client.sessionCookie!)).not.toBe(sessionId);
  });

  it('does not accept an expired session row', async () => {
    const client = new ApiClient(testApp.url);
    expect((await client.signup(uniqueName())).status).toBe(201);
    const sessionId = sessionIdOf(client.sessionCookie!);
    expect((await client.get('/api/auth/me')).status).toBe(200);

    await sessions().update({ id: sessionId }, { expiresAt: Date.now() - 60_000 });
    const me = await request(testApp.url).get('/api/auth/me').set('Cookie', client.sessionCookie!);
    expect(me.status).toBe(401);
    // The refused request did not bring the row back to life.
    const row = await sessions().findOneByOrFail({ id: sessionId });
    expect(row.expiresAt).toBeLessThan(Date.now());
  });

  // The store's own method, in the test process.
  it.skipIf(!inProcess)('prune() deletes expired rows and keeps live ones', async () => {
    const expired = new ApiClient(testApp.url);
    const live = new ApiClient(testApp.url);
    expect((await expired.signup(uniqueName())).status).toBe(201);
    expect((await live.signup(uniqueName())).status).toBe(201);
    const expiredId = sessionIdOf(expired.sessionCookie!);
    const liveId = sessionIdOf(live.sessionCookie!);
    await sessions().update({ id: expiredId }, { expiresAt: Date.now() - 1 });

    const pruned = await testApp.app.get(TypeormSessionStore).prune();
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(await sessions().existsBy({ id: expiredId })).toBe(false);
    expect(await sessions().existsBy({ id: liveId })).toBe(true);
    expect((await live.get('/api/auth/me')).status).toBe(200);
    expect(await testApp.app.get(TypeormSessionStore).prune()).toBe(0);
  });
});

describe('first user is admin, under concurrency', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => stopTestApp(testApp));

  it('of 8 simultaneous sign-ups on a fresh database exactly one becomes admin', async () => {
    const users = testApp.dataSource.getRepository(User);
    expect(await users.count()).toBe(0);
    const clients = Array.from({ length: 8 }, () => new ApiClient(testApp.url));
    // Fetch every CSRF token first, so that the sign-ups themselves start together.
    await Promise.all(clients.map((client) => client.get('/api/auth/me')));
    const names = clients.map(() => uniqueName('racer'));

    const responses = await Promise.all(clients.map((client, i) => client.signup(names[i])));

    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    const admins = responses.filter((response) => response.body.user.isAdmin === true);
    expect(admins).toHaveLength(1);
    expect(await users.count()).toBe(8);
    const storedAdmins = await users.findBy({ isAdmin: true });
    expect(storedAdmins.map((user) => user.id)).toEqual([admins[0].body.user.id]);
    // The first row stored is the admin's: the claim is the insert itself.
    const ids = (await users.find()).map((user) => user.id);
    expect(admins[0].body.user.id).toBe(Math.min(...ids));

    // Each session agrees with the table.
    const mes = await Promise.all(clients.map((client) => client.get('/api/auth/me')));
    expect(mes.filter((me) => me.body.user.isAdmin === true)).toHaveLength(1);
  });
});
