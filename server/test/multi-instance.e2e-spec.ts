import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './helpers/api-client';
import { BrowserSession } from './helpers/browser-session';
import { postgresUrlFor, sessionSecretFor } from './helpers/postgres-databases';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { testTarget } from './helpers/test-target';

/**
 * Two instances on one PostgreSQL database and one Redis, each reached directly
 * (A and B) or through nginx: what one instance learns, the other knows at once.
 */
describe.skipIf(testTarget !== 'cluster')('several instances', () => {
  let testApp: TestApp;
  let a: string;
  let b: string;

  let admin: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    testApp = await startTestApp();
    [a, b] = testApp.cluster!.instances.map((instance) => instance.url);
    admin = await signUp(a, uniqueName('admin'));
    if (!admin.user.isAdmin) throw new Error('the first sign-up is not the admin');
  });
  afterAll(() => stopTestApp(testApp));

  async function signUp(via: string, name = uniqueName('multi')) {
    const session = new BrowserSession();
    const response = await session.post(via, '/api/auth/signup', {
      username: name,
      password: 'correct horse 1',
    });
    expect(response.status).toBe(201);
    return {
      session,
      user: response.body.user as { id: number; username: string; isAdmin: boolean },
    };
  }

  it('signs up through A and is logged in on B', async () => {
    const { session, user } = await signUp(a);
    const me = await session.get(b, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(user);
  });

  it('logs out through A and is logged out on B at once', async () => {
    const { session } = await signUp(a);
    expect((await session.get(b, '/api/auth/me')).status).toBe(200);
    expect((await session.post(a, '/api/auth/logout')).status).toBe(204);
    expect((await session.get(b, '/api/auth/me')).status).toBe(401);
  });

  it('lists a room created through A in a sync through B at once', async () => {
    const viewer = await signUp(b);
    const before = await viewer.session.get(b, '/api/sync');
    const name = `Room ${randomUUID().slice(0, 8)}`;
    const created = await admin.session.post(a, '/api/rooms', { name });
    expect(created.status).toBe(201);
    const after = await viewer.session.get(b, `/api/sync?since=${before.body.cursor}`);
    const rooms = after.body.rooms as { name: string }[];
    expect(rooms.map((room) => room.name)).toContain(name);
  });

  it('shows typing through A in a sync through B', async () => {
    const { slug } = await newRoom();
    const typist = await signUp(a);
    const reader = await signUp(b);
    expect((await typist.session.post(a, `/api/rooms/${slug}/typing`)).status).toBe(204);
    const sync = await reader.session.get(b, `/api/sync?room=${slug}`);
    expect(sync.body.room.typing).toEqual([typist.user.username]);
    expect(sync.body.online).toEqual(expect.arrayContaining([reader.user.username]));
    const typistsView = await typist.session.get(b, `/api/sync?room=${slug}`);
    expect(typistsView.body.online).toEqual(
      expect.arrayContaining([reader.user.username, typist.user.username]),
    );
  });

  it('stores a resend with the same clientId that lands on the other instance once', async () => {
    const { slug } = await newRoom();
    const { session } = await signUp(a);
    const message = { content: 'only once', clientId: randomUUID() };
    const first = await session.post(a, `/api/rooms/${slug}/messages`, message);
    const again = await session.post(b, `/api/rooms/${slug}/messages`, message);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.message.id).toBe(first.body.message.id);
    const listed = await session.get(b, `/api/rooms/${slug}/messages`);
    const messages = listed.body.messages as { content: string }[];
    expect(messages.filter((message) => message.content === 'only once')).toHaveLength(1);
  });

  it('makes a user promoted by the user command an admin on every instance at once', async () => {
    const { session, user } = await signUp(a);
    expect((await session.post(b, '/api/rooms', { name: 'Not yet' })).status).toBe(403);
    await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../../dist/server/users/cli/user-command.js'), 'promote', user.username],
      {
        env: {
          ...process.env,
          DATABASE_URL: postgresUrlFor(testApp.dataDir),
          SESSION_SECRET: sessionSecretFor(testApp.dataDir),
          REDIS_URL: process.env.TEST_REDIS_URL,
          REDIS_PREFIX: `test-${testApp.dataDir.split('/').pop()}:`,
        },
      },
    );
    // The signal crosses Redis in a moment; the periodic reload would take 5 s.
    await expect
      .poll(async () => (await session.get(b, '/api/auth/me')).body.user.isAdmin, {
        timeout: 1000,
        interval: 50,
      })
      .toBe(true);
    expect((await session.get(a, '/api/auth/me')).body.user.isAdmin).toBe(true);
  });

  it('loses, duplicates and reorders nothing with 16 senders and pollers on both instances', async () => {
    const { slug } = await newRoom();
    const senders = await Promise.all(Array.from({ length: 16 }, (_, i) => signUp(i % 2 ? b : a)));
    const pollers = await Promise.all([signUp(a), signUp(b)]);
    const perSender = 5;

    let done = false;
    // The pollers start first: the first sync answers the room's latest page only.
    const polls = pollers.flatMap(({ session }) => [
      pollAfter(session, slug, () => done),
      pollSync(session, slug, () => done),
    ]);
    const sending = Promise.all(
      senders.map(async ({ session }, i) => {
        for (let n = 0; n < perSender; n += 1) {
          const via = (i + n) % 2 ? b : a;
          const sent = await session.post(via, `/api/rooms/${slug}/messages`, {
            content: `${i}:${n}`,
            clientId: randomUUID(),
          });
          expect(sent.status).toBe(201);
        }
      }),
    );
    await sending;
    done = true;
    const seen = await Promise.all(polls);

    const stored = await testApp.dataSource.query<{ content: string; seq: number }[]>(
      `SELECT content, seq FROM messages WHERE "roomId" = (SELECT id FROM rooms WHERE slug = $1) ORDER BY seq`,
      [slug],
    );
    expect(stored).toHaveLength(16 * perSender);
    const inSeqOrder = stored.map((row) => row.content);
    for (const contents of seen) expect(contents).toEqual(inSeqOrder);
    // Each sender's messages in the order it sent them.
    for (let i = 0; i < 16; i += 1) {
      const own = inSeqOrder.filter((content) => content.startsWith(`${i}:`));
      expect(own).toEqual(Array.from({ length: perSender }, (_, n) => `${i}:${n}`));
    }

    /** The old poll, `?after=<id>`, alternating between the instances. */
    async function pollAfter(session: BrowserSession, room: string, finished: () => boolean) {
      const contents: string[] = [];
      let after = 0;
      for (let turn = 0; ; turn += 1) {
        const last = finished();
        const via = turn % 2 ? b : a;
        const page = await session.get(via, `/api/rooms/${room}/messages?after=${after}`);
        expect(page.status).toBe(200);
        for (const message of page.body.messages) {
          contents.push(message.content);
          after = message.id; // the last one listed, as the page shows them
        }
        if (last && page.body.messages.length === 0) return contents;
      }
    }

    /** The sync poll, alternating between the instances. */
    async function pollSync(session: BrowserSession, room: string, finished: () => boolean) {
      const changes: string[] = [];
      let cursor = '';
      for (let turn = 0; ; turn += 1) {
        const last = finished();
        const via = turn % 2 ? b : a;
        const since = cursor ? `&since=${cursor}` : '';
        const sync = await session.get(via, `/api/sync?room=${room}${since}`);
        expect(sync.status).toBe(200);
        expect(sync.body.reset).toBe(false);
        cursor = sync.body.cursor;
        for (const message of sync.body.room.changes) changes.push(message.content);
        if (last && sync.body.room.changes.length === 0 && !sync.body.room.more) return changes;
      }
    }
  });

  async function newRoom(): Promise<{ slug: string }> {
    const response = await admin.session.post(a, '/api/rooms', {
      name: `Room ${randomUUID().slice(0, 8)}`,
    });
    expect(response.status).toBe(201);
    return response.body.room;
  }
});

describe.skipIf(testTarget !== 'cluster')('several instances, from an empty database', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { AUTH_RATE_LIMIT: '20' } });
  });
  afterAll(() => stopTestApp(testApp));

  it('makes exactly one admin of 20 simultaneous sign-ups through both instances', async () => {
    const urls = testApp.cluster!.instances.map((instance) => instance.url);
    const sessions = Array.from({ length: 20 }, () => new BrowserSession());
    // Every CSRF token first, so that the sign-ups themselves start together.
    await Promise.all(sessions.map((session, i) => session.get(urls[i % 2], '/api/auth/me')));
    const responses = await Promise.all(
      sessions.map((session, i) =>
        session.post(urls[i % 2], '/api/auth/signup', {
          username: uniqueName('racer'),
          password: 'correct horse 1',
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(responses.filter((response) => response.body.user.isAdmin)).toHaveLength(1);
    const admins = await testApp.dataSource.query<{ id: number }[]>(
      `SELECT id FROM users WHERE "isAdmin"`,
    );
    expect(admins).toHaveLength(1);
  });

  it('counts 21 logins from one address over both instances as one: exactly the 21st is 429', async () => {
    const urls = testApp.cluster!.instances.map((instance) => instance.url);
    const name = uniqueName('limited');
    const owner = new BrowserSession();
    await owner.post(urls[0], '/api/auth/signup', { username: name, password: 'correct horse 1' });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      const session = new BrowserSession();
      const login = await session.post(urls[i % 2], '/api/auth/login', {
        username: name,
        password: i % 3 ? 'wrong password 1' : 'correct horse 1',
      });
      statuses.push(login.status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 200 || status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe.skipIf(testTarget !== 'cluster')('an instance stopping', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => stopTestApp(testApp));

  it('goes unnoticed by clients polling through nginx: every poll answers, nothing is lost', async () => {
    const url = testApp.url;
    const admin = new BrowserSession();
    expect(
      (
        await admin.post(url, '/api/auth/signup', {
          username: uniqueName('admin'),
          password: 'correct horse 1',
        })
      ).status,
    ).toBe(201);
    const room = await admin.post(url, '/api/rooms', { name: 'Drain' });
    const slug = room.body.room.slug as string;
    const pollers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const session = new BrowserSession();
        await session.post(url, '/api/auth/signup', {
          username: uniqueName('poller'),
          password: 'correct horse 1',
        });
        return session;
      }),
    );

    let stopped = false;
    let sendingDone = false;
    const statuses: number[] = [];
    const seen = pollers.map(() => new Set<string>());
    const polling = pollers.map(async (session, i) => {
      let cursor = '';
      for (;;) {
        const last = sendingDone && stopped;
        const since = cursor ? `&since=${cursor}` : '';
        const sync = await session.get(url, `/api/sync?room=${slug}${since}`);
        statuses.push(sync.status);
        if (sync.status !== 200) continue;
        cursor = sync.body.cursor;
        for (const message of sync.body.room.changes) seen[i].add(message.content);
        if (last && sync.body.room.changes.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    const sent: string[] = [];
    const sending = (async () => {
      for (let n = 0; n < 30; n += 1) {
        const content = `message ${n}`;
        // As the page's outbox does: a send that met the instance going away (a 502 on
        // a connection it closed) goes again with the same clientId.
        const message = { content, clientId: randomUUID() };
        let response = await admin.post(url, `/api/rooms/${slug}/messages`, message);
        for (let retry = 0; response.status >= 500 && retry < 3; retry += 1) {
          response = await admin.post(url, `/api/rooms/${slug}/messages`, message);
        }
        if (response.status === 201 || response.status === 200) sent.push(content);
        else statuses.push(response.status);
        if (n === 10) void testApp.cluster!.stopInstance(0).then(() => (stopped = true));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    })();
    await sending;
    await expect.poll(() => stopped, { timeout: 15_000 }).toBe(true);
    sendingDone = true;
    await Promise.all(polling);

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(sent).toHaveLength(30);
    const stored = await testApp.dataSource.query<{ count: string }[]>(
      `SELECT COUNT(*) AS count FROM messages WHERE "roomId" = $1`,
      [room.body.room.id],
    );
    expect(Number(stored[0].count)).toBe(30);
    for (const contents of seen) expect([...contents].sort()).toEqual([...sent].sort());
  });
});
