import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { statementsDuring } from './helpers/statement-trace';
import { ApiClient } from './helpers/api-client';
import {
  createRoom,
  insertMessages,
  RoomBody,
  signUp,
  SignedUpUser,
} from './helpers/chat-fixtures';
import { makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess } from './helpers/test-target';
import { query } from './helpers/sql';

interface MessageBody {
  id: number;
  seq: number;
  content: string;
  username: string;
  deleted: boolean;
  editedAt: string | null;
}
interface RoomSummary {
  slug: string;
  name: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  mentions: number;
}
interface SyncBody {
  cursor: string;
  reset: boolean;
  room: {
    slug: string;
    first: boolean;
    changes: MessageBody[];
    more: boolean;
    typing: string[];
  } | null;
  rooms: RoomSummary[];
  online: string[];
}

async function sync(
  client: ApiClient,
  query: { room?: string; since?: string } = {},
): Promise<SyncBody> {
  const params = new URLSearchParams(query as Record<string, string>).toString();
  const response = await client.get(`/api/sync${params ? `?${params}` : ''}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as SyncBody;
}

describe('GET /api/sync', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let roomCounter = 0;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { TYPING_WINDOW_MS: '1000', ONLINE_WINDOW_MS: '1500' } });
    admin = await signUp(testApp.url, 'founder');
    alice = await signUp(testApp.url, 'alice');
    bob = await signUp(testApp.url, 'bob');
  });
  afterAll(() => stopTestApp(testApp));

  async function newRoom(): Promise<RoomBody> {
    roomCounter += 1;
    return createRoom(admin.client, { name: `Sync ${roomCounter}` });
  }
  async function send(user: SignedUpUser, room: RoomBody, content: string): Promise<MessageBody> {
    const response = await user.client.post(`/api/rooms/${room.slug}/messages`, { content });
    expect(response.status).toBe(201);
    return response.body.message as MessageBody;
  }
  const summary = (body: SyncBody, room: RoomBody) => body.rooms.find((r) => r.slug === room.slug);

  describe('the first call', () => {
    it('answers the latest 25 of the room, oldest first, every room, and a cursor', async () => {
      const room = await newRoom();
      await insertMessages(testApp.dataSource, { roomId: room.id, userId: bob.user.id, count: 30 });
      // Written behind the app's back: its heads learn of it now, as from a send, not at
      // PostgreSQL's periodic reload in the middle of a later test.
      await testApp.announce({ kind: 'room-advanced', roomId: room.id, seq: 30 });
      const body = await sync(alice.client, { room: room.slug });
      expect(Object.keys(body).sort()).toEqual(['cursor', 'online', 'reset', 'room', 'rooms']);
      expect(body.reset).toBe(false);
      expect(body.room).toMatchObject({ slug: room.slug, first: true, more: false, typing: [] });
      expect(body.room!.changes.map((m) => m.seq)).toEqual(
        Array.from({ length: 25 }, (_, i) => i + 6),
      );
      expect(body.room!.changes[0].content).toBe('message 6');
      expect(body.cursor).toMatch(/^[0-9a-z._-]+$/);
      const listed = (await alice.client.get('/api/rooms')).body as { rooms: RoomBody[] };
      const slugs = listed.rooms.map((r) => r.slug);
      expect(body.rooms.map((r) => r.slug)).toEqual(slugs);
      expect(body.online).toContain(alice.user.username);
    });

    it('has no room part on the rooms list', async () => {
      const body = await sync(alice.client);
      expect(body.room).toBeNull();
      expect(body.rooms.length).toBeGreaterThan(0);
    });

    it('answers 401 without a session, 404 for an unknown room', async () => {
      expect((await new ApiClient(testApp.url).get('/api/sync')).status).toBe(401);
      const unknown = await alice.client.get('/api/sync?room=no-such-room');
      expect(unknown.status).toBe(404);
    });

    it.each([
      ['an unknown parameter', '?after=3'],
      ['a repeated room', '?room=a&room=b'],
      ['a malformed cursor', '?since=hello'],
      ['an empty cursor', '?since='],
      ['a cursor with a trailing byte', '?since=1.0123456789abcdef.1.-.%00'],
      ['an overlong cursor', `?since=${'1'.repeat(70_000)}`],
    ])('refuses %s with 400', async (_, query) => {
      const response = await alice.client.get(`/api/sync${query}`);
      expect([400, 414, 431]).toContain(response.status);
      if (response.status === 400) expect(response.body.statusCode).toBe(400);
    });
  });

  describe('later calls', () => {
    it('answer nothing when nothing changed', async () => {
      const room = await newRoom();
      await send(bob, room, 'hello');
      const first = await sync(alice.client, { room: room.slug });
      const second = await sync(alice.client, { room: room.slug, since: first.cursor });
      expect(second).toMatchObject({ reset: false, rooms: [] });
      expect(second.room).toEqual({
        slug: room.slug,
        first: false,
        changes: [],
        more: false,
        typing: [],
      });
    });

    it('deliver a new message, an edit and a delete each once, in the order they happened', async () => {
      const room = await newRoom();
      const kept = await send(bob, room, 'kept');
      let body = await sync(alice.client, { room: room.slug });
      const edited = await send(bob, room, 'draft');
      body = await sync(alice.client, { room: room.slug, since: body.cursor });
      expect(body.room!.changes.map((m) => m.content)).toEqual(['draft']);

      await bob.client.patch(`/api/rooms/${room.slug}/messages/${edited.id}`, { content: 'final' });
      await bob.client.delete(`/api/rooms/${room.slug}/messages/${kept.id}`);
      const later = await send(bob, room, 'later');
      body = await sync(alice.client, { room: room.slug, since: body.cursor });
      expect(
        body.room!.changes.map((m) => [m.id, m.content, m.deleted, m.editedAt !== null]),
      ).toEqual([
        [edited.id, 'final', false, true],
        [kept.id, '', true, false],
        [later.id, 'later', false, false],
      ]);
      body = await sync(alice.client, { room: room.slug, since: body.cursor });
      expect(body.room!.changes).toEqual([]);
    });

    it('page 100 changes at a time, with more: true until the last', async () => {
      const room = await newRoom();
      const first = await sync(alice.client, { room: room.slug });
      // Through the API: the heads the poll reads follow what the app writes.
      for (let i = 0; i < 230; i += 10) {
        await Promise.all(Array.from({ length: 10 }, (_, j) => send(bob, room, `p${i + j}`)));
      }
      const seen: number[] = [];
      let cursor = first.cursor;
      const mores: boolean[] = [];
      for (let i = 0; i < 4; i += 1) {
        const body = await sync(alice.client, { room: room.slug, since: cursor });
        seen.push(...body.room!.changes.map((m) => m.seq));
        mores.push(body.room!.more);
        cursor = body.cursor;
      }
      expect(mores).toEqual([true, true, false, false]);
      expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
    });

    it('never miss a message sent while the first call is answered', async () => {
      const room = await newRoom();
      const sends = Array.from({ length: 20 }, (_, i) =>
        send(i % 2 ? bob : admin, room, `race ${i}`),
      );
      const first = sync(alice.client, { room: room.slug });
      const [sent, firstBody] = await Promise.all([Promise.all(sends), first]);
      const seen = firstBody.room!.changes.map((m) => m.id);
      let cursor = firstBody.cursor;
      for (let i = 0; i < 3; i += 1) {
        const body = await sync(alice.client, { room: room.slug, since: cursor });
        seen.push(...body.room!.changes.map((m) => m.id));
        cursor = body.cursor;
      }
      expect(seen.sort((a, b) => a - b)).toEqual(sent.map((m) => m.id).sort((a, b) => a - b));
    });

    it('answer a room just opened with its latest page, and keep what they knew of the others', async () => {
      const [one, two] = [await newRoom(), await newRoom()];
      await send(bob, one, 'in one');
      await send(bob, two, 'in two');
      const inOne = await sync(alice.client, { room: one.slug });
      const inTwo = await sync(alice.client, { room: two.slug, since: inOne.cursor });
      expect(inTwo.room).toMatchObject({ slug: two.slug, first: true });
      expect(inTwo.room!.changes.map((m) => m.content)).toEqual(['in two']);
      expect(inTwo.rooms).toEqual([]);
      await send(bob, one, 'again in one');
      const back = await sync(alice.client, { room: two.slug, since: inTwo.cursor });
      expect(back.room!.changes).toEqual([]);
      expect(back.rooms.map((r) => r.slug)).toEqual([one.slug]);
      expect(summary(back, one)).toMatchObject({ unread: 2, lastSeq: 2 });
    });

    it('list a room created since, with everything in it unread', async () => {
      const before = await sync(alice.client);
      const room = await newRoom();
      await send(bob, room, 'welcome');
      const after = await sync(alice.client, { since: before.cursor });
      expect(after.rooms.map((r) => r.slug)).toEqual([room.slug]);
      expect(summary(after, room)).toEqual({
        slug: room.slug,
        name: room.name,
        lastSeq: 1,
        readSeq: 0,
        unread: 1,
        mentions: 0,
      });
    });

    // Traces the app's own connection, in the test process.
    it.skipIf(!inProcess)('do not read the messages table when nothing changed', async () => {
      const room = await newRoom();
      await send(bob, room, 'hello');
      const first = await sync(alice.client, { room: room.slug });
      const statements = await statementsDuring(testApp.dataSource, () =>
        sync(alice.client, { room: room.slug, since: first.cursor }),
      );
      expect(statements.length).toBeGreaterThan(0); // the session's lookup, at least
      expect(statements.filter((sql) => /messages|room_reads|message_mentions/.test(sql))).toEqual(
        [],
      );
    });
  });

  describe('unread counts and read positions', () => {
    it('count messages by others after the read position, and mentions of the user', async () => {
      const room = await newRoom();
      const start = await sync(alice.client);
      await send(bob, room, 'one');
      await send(bob, room, `two @${alice.user.username}`);
      await send(alice, room, 'my own');
      const gone = await send(bob, room, `three @${alice.user.username}`);
      await bob.client.delete(`/api/rooms/${room.slug}/messages/${gone.id}`);
      const body = await sync(alice.client, { since: start.cursor });
      expect(summary(body, room)).toMatchObject({ lastSeq: 5, readSeq: 0, unread: 2, mentions: 1 });
    });

    it('start a new account with everything read', async () => {
      const room = await newRoom();
      await send(bob, room, 'before carol');
      const carol = await signUp(testApp.url, 'carol');
      let body = await sync(carol.client);
      expect(summary(body, room)).toMatchObject({ lastSeq: 1, readSeq: 1, unread: 0 });
      await send(bob, room, 'after carol');
      body = await sync(carol.client, { since: body.cursor });
      expect(summary(body, room)).toMatchObject({ lastSeq: 2, readSeq: 1, unread: 1 });
    });

    it('move forward only, and every tab of the user sees the new counts', async () => {
      const room = await newRoom();
      const secondTab = new ApiClient(testApp.url);
      expect((await secondTab.login(alice.user.username)).status).toBe(200);
      for (let i = 0; i < 4; i += 1) await send(bob, room, `m${i}`);
      const tabOne = await sync(alice.client);
      const tabTwo = await sync(secondTab);
      expect(summary(tabOne, room)).toMatchObject({ unread: 4 });
      expect(summary(tabTwo, room)).toMatchObject({ unread: 4 });

      const read = await alice.client.post(`/api/rooms/${room.slug}/read`, { seq: 3 });
      expect(read.status).toBe(204);
      const lower = await secondTab.post(`/api/rooms/${room.slug}/read`, { seq: 1 });
      expect(lower.status).toBe(204);
      for (const [client, cursor] of [
        [alice.client, tabOne.cursor],
        [secondTab, tabTwo.cursor],
      ] as const) {
        const body = await sync(client, { since: cursor });
        expect(summary(body, room)).toMatchObject({ readSeq: 3, unread: 1 });
      }
      const [stored] = await query(
        testApp.dataSource,
        `SELECT "readSeq" FROM room_reads WHERE "userId" = ? AND "roomId" = ?`,
        [alice.user.id, room.id],
      );
      expect(stored.readSeq).toBe(3);
    });

    it('refuse a seq above the head (400), bad bodies (400), unknown rooms (404)', async () => {
      const room = await newRoom();
      await send(bob, room, 'only');
      const path = `/api/rooms/${room.slug}/read`;
      for (const body of [
        { seq: 2 },
        { seq: -1 },
        { seq: 1.5 },
        { seq: '1' },
        {},
        { seq: 1, x: 1 },
        [1],
      ]) {
        const response = await alice.client.post(path, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
      }
      expect((await alice.client.post('/api/rooms/nowhere/read', { seq: 0 })).status).toBe(404);
      const rows = await query(
        testApp.dataSource,
        `SELECT "readSeq" FROM room_reads WHERE "userId" = ? AND "roomId" = ?`,
        [alice.user.id, room.id],
      );
      expect(rows).toEqual([]);
      expect((await alice.client.postWithToken(path, undefined, { seq: 1 })).status).toBe(403);
      expect((await new ApiClient(testApp.url).post(path, { seq: 1 })).status).toBe(401);
    });
  });

  describe('presence and typing', () => {
    afterEach(() => new Promise((resolve) => setTimeout(resolve, 10)));

    it('shows others typing in the open room for a while, and not after they send', async () => {
      const room = await newRoom();
      expect((await bob.client.post(`/api/rooms/${room.slug}/typing`)).status).toBe(204);
      const seenByAlice = await sync(alice.client, { room: room.slug });
      expect(seenByAlice.room!.typing).toEqual([bob.user.username]);
      const seenByBob = await sync(bob.client, { room: room.slug });
      expect(seenByBob.room!.typing).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await sync(alice.client, { room: room.slug })).room!.typing).toEqual([]);

      await bob.client.post(`/api/rooms/${room.slug}/typing`);
      await send(bob, room, 'done typing');
      expect((await sync(alice.client, { room: room.slug })).room!.typing).toEqual([]);
    });

    it('refuses typing with a body or a query (400), and showing nobody', async () => {
      const room = await newRoom();
      expect((await bob.client.post(`/api/rooms/${room.slug}/typing`, { x: 1 })).status).toBe(400);
      expect((await bob.client.post(`/api/rooms/${room.slug}/typing?x=1`)).status).toBe(400);
      expect(
        (await alice.client.post(`/api/rooms/${room.slug}/read?seq=0`, { seq: 0 })).status,
      ).toBe(400);
      expect((await sync(alice.client, { room: room.slug })).room!.typing).toEqual([]);
    });

    it('refuses typing in an unknown room (404) and without a session (401)', async () => {
      expect((await alice.client.post('/api/rooms/nowhere/typing')).status).toBe(404);
      expect((await new ApiClient(testApp.url).post('/api/rooms/nowhere/typing')).status).toBe(401);
      const room = await newRoom();
      const noToken = await alice.client.postWithToken(`/api/rooms/${room.slug}/typing`, undefined);
      expect(noToken.status).toBe(403);
      expect((await sync(bob.client, { room: room.slug })).room!.typing).toEqual([]);
    });

    it('lists users whose tab synced lately, and drops them after the window', async () => {
      const dave = await signUp(testApp.url, 'dave');
      await sync(dave.client);
      // At once on one instance; on several, once the other's list is read again (≤ 1 s).
      await expect
        .poll(async () => (await sync(alice.client)).online, { timeout: 2000, interval: 100 })
        .toContain(dave.user.username);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const body = await sync(alice.client);
      expect(body.online).not.toContain(dave.user.username);
      expect(body.online).toContain(alice.user.username);
    });
  });

  describe('reset', () => {
    function withPart(cursor: string, index: number, value: string): string {
      const parts = cursor.split('.');
      parts[index] = value;
      return parts.join('.');
    }

    it("answers a cursor of another database's epoch with reset and a first-call answer", async () => {
      const room = await newRoom();
      await send(bob, room, 'hi');
      const first = await sync(alice.client, { room: room.slug });
      const foreign = withPart(first.cursor, 1, 'ffffffffffffffff');
      const body = await sync(alice.client, { room: room.slug, since: foreign });
      expect(body.reset).toBe(true);
      expect(body.room).toMatchObject({ first: true });
      expect(body.room!.changes.map((m) => m.content)).toEqual(['hi']);
      expect(body.rooms.length).toBe(first.rooms.length);
    });

    it("answers another user's cursor, or one ahead of the database, with reset", async () => {
      const room = await newRoom();
      const bobs = await sync(bob.client, { room: room.slug });
      expect((await sync(alice.client, { room: room.slug, since: bobs.cursor })).reset).toBe(true);
      const mine = await sync(alice.client, { room: room.slug });
      const ahead = withPart(mine.cursor, 3, `${room.id.toString(36)}-zz`);
      expect((await sync(alice.client, { room: room.slug, since: ahead })).reset).toBe(true);
      const unknownRoom = withPart(mine.cursor, 4, 'zzzz-0-0');
      expect((await sync(alice.client, { since: unknownRoom })).reset).toBe(true);
    });
  });
});

describe('the sync cursor across restarts and databases', () => {
  // One app at a time: passport's strategies and serializers are process-wide.
  it('survives a restart on the same data, and resets on another database', async () => {
    const dataDir = makeDataDir();
    let app = await startTestApp({ dataDir });
    const admin = await signUp(app.url, 'founder');
    const room = await createRoom(admin.client, { name: 'Durable' });
    await admin.client.post(`/api/rooms/${room.slug}/messages`, { content: 'before' });
    const first = await sync(admin.client, { room: room.slug });
    await app.close();

    app = await startTestApp({ dataDir });
    try {
      const again = new ApiClient(app.url);
      const login = await again.login(admin.user.username);
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      await again.post(`/api/rooms/${room.slug}/messages`, { content: 'after' });
      const body = await sync(again, { room: room.slug, since: first.cursor });
      expect(body.reset).toBe(false);
      expect(body.room!.changes.map((m) => m.content)).toEqual(['after']);
    } finally {
      await stopTestApp(app);
    }

    const other = await startTestApp();
    try {
      const stranger = await signUp(other.url, 'founder');
      await createRoom(stranger.client, { name: 'Durable' });
      await stranger.client.post(`/api/rooms/${room.slug}/messages`, { content: 'elsewhere' });
      const body = await sync(stranger.client, { room: room.slug, since: first.cursor });
      expect(body.reset).toBe(true);
      expect(body.room!.first).toBe(true);
      expect(body.room!.changes.map((m) => m.content)).toEqual(['elsewhere']);
    } finally {
      await stopTestApp(other);
    }
  });
});
