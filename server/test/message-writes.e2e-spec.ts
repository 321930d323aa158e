import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './helpers/api-client';
import { createRoom, RoomBody, signUp, SignedUpUser } from './helpers/chat-fixtures';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { query } from './helpers/sql';

interface StoredRow {
  id: number;
  seq: number;
  changeSeq: number;
  content: string;
  mentions: string;
  clientId: string | null;
  editedAt: string | null;
  deletedAt: string | null;
}

describe('sending, editing and deleting messages', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let roomCounter = 0;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await signUp(testApp.url, 'founder');
    alice = await signUp(testApp.url, 'alice');
    bob = await signUp(testApp.url, 'bob');
  });
  afterAll(() => stopTestApp(testApp));

  async function newRoom(): Promise<RoomBody> {
    roomCounter += 1;
    return createRoom(admin.client, { name: `Writes ${roomCounter}` });
  }

  function rows(roomId: number): Promise<StoredRow[]> {
    return query<StoredRow[]>(
      testApp.dataSource,
      `SELECT id, seq, "changeSeq", content, mentions, "clientId", "editedAt", "deletedAt"
       FROM messages WHERE "roomId" = ? ORDER BY id`,
      [roomId],
    );
  }

  async function head(roomId: number): Promise<number> {
    const [room] = await query(testApp.dataSource, `SELECT "lastSeq" FROM rooms WHERE id = ?`, [
      roomId,
    ]);
    return Number(room.lastSeq);
  }

  async function send(user: SignedUpUser, room: RoomBody, body: object) {
    return user.client.post(`/api/rooms/${room.slug}/messages`, body);
  }

  describe('seq', () => {
    it('numbers each room from 1 without gaps, each room on its own', async () => {
      const [red, blue] = [await newRoom(), await newRoom()];
      const seqs: Record<string, number[]> = { red: [], blue: [] };
      for (let i = 0; i < 3; i += 1) {
        seqs.red.push((await send(alice, red, { content: `r${i}` })).body.message.seq);
        seqs.blue.push((await send(bob, blue, { content: `b${i}` })).body.message.seq);
      }
      expect(seqs).toEqual({ red: [1, 2, 3], blue: [1, 2, 3] });
      expect(await head(red.id)).toBe(3);
    });

    it('stays gap-free under 30 concurrent sends', async () => {
      const room = await newRoom();
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => send(i % 2 ? alice : bob, room, { content: `c${i}` })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(201));
      const seqs = answers.map((answer) => answer.body.message.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      // Sorted: on PostgreSQL ids are taken before seqs, so id order is not seq order.
      const stored = (await rows(room.id)).map((row) => row.seq).sort((a, b) => a - b);
      expect(stored).toEqual(seqs);
    });
  });

  describe('clientId: exactly once', () => {
    it('stores the first send (201) and answers a resend with the stored message (200)', async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      const first = await send(alice, room, { content: 'once', clientId });
      expect(first.status).toBe(201);
      expect(first.body.message).toMatchObject({ content: 'once', clientId, seq: 1 });
      const again = await send(alice, room, { content: '  once  ', clientId });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await rows(room.id)).toHaveLength(1);
      expect(await head(room.id)).toBe(1);
    });

    it('shows the clientId to its author only', async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      await send(alice, room, { content: 'mine', clientId });
      const asAlice = await alice.client.get(`/api/rooms/${room.slug}/messages`);
      const asBob = await bob.client.get(`/api/rooms/${room.slug}/messages`);
      expect(asAlice.body.messages[0].clientId).toBe(clientId);
      expect(asBob.body.messages[0]).not.toHaveProperty('clientId');
    });

    it('refuses the same clientId with other content (409) and stores nothing', async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      await send(alice, room, { content: 'original', clientId });
      const other = await send(alice, room, { content: 'different', clientId });
      expect(other.status).toBe(409);
      expect(other.body.message).toMatch(/clientId/);
      expect((await rows(room.id)).map((row) => row.content)).toEqual(['original']);
      expect(await head(room.id)).toBe(1);
    });

    it('refuses the same clientId in another room (409)', async () => {
      const [first, second] = [await newRoom(), await newRoom()];
      const clientId = randomUUID();
      await send(alice, first, { content: 'here', clientId });
      expect((await send(alice, second, { content: 'here', clientId })).status).toBe(409);
      expect(await rows(second.id)).toHaveLength(0);
      expect(await head(second.id)).toBe(0);
    });

    it("is each user's own: another user's same clientId is another message", async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      expect((await send(alice, room, { content: 'same', clientId })).status).toBe(201);
      expect((await send(bob, room, { content: 'same', clientId })).status).toBe(201);
      expect(await rows(room.id)).toHaveLength(2);
    });

    it('reads a clientId without regard to case', async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      await send(alice, room, { content: 'case', clientId });
      const upper = await send(alice, room, { content: 'case', clientId: clientId.toUpperCase() });
      expect(upper.status).toBe(200);
      expect(await rows(room.id)).toHaveLength(1);
    });

    it('stores one message when 12 resends race', async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => send(alice, room, { content: 'race', clientId })),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((answer) => answer.body.message.id)).size).toBe(1);
      expect(await rows(room.id)).toHaveLength(1);
      expect(await head(room.id)).toBe(1);
    });

    it('answers a resend of a message since deleted with its tombstone', async () => {
      const room = await newRoom();
      const clientId = randomUUID();
      const sent = await send(alice, room, { content: 'gone soon', clientId });
      await alice.client.delete(`/api/rooms/${room.slug}/messages/${sent.body.message.id}`);
      const again = await send(alice, room, { content: 'gone soon', clientId });
      expect(again.status).toBe(200);
      expect(again.body.message).toMatchObject({
        id: sent.body.message.id,
        deleted: true,
        content: '',
      });
      expect(await rows(room.id)).toHaveLength(1);
    });

    it.each([
      ['not a UUID', 'abc'],
      ['a number', 12345],
      ['an empty string', ''],
      ['an array', [randomUUID()]],
      ['a UUID with a suffix', `${randomUUID()}x`],
      ['an object', { id: 1 }],
    ])('refuses a clientId that is %s (400) and stores nothing', async (_, clientId) => {
      const room = await newRoom();
      const response = await send(alice, room, { content: 'x', clientId });
      expect(response.status).toBe(400);
      expect((response.body.message as string[]).join(' ')).toMatch(/clientId/);
      expect(await rows(room.id)).toHaveLength(0);
    });
  });

  describe('mentions', () => {
    it('lists existing users mentioned with @name, as they spell it, each once', async () => {
      const room = await newRoom();
      const text = `hey @${alice.user.username.toUpperCase()} and @nobody-here, @${bob.user.username}. @${alice.user.username}`;
      const response = await send(admin, room, { content: text });
      expect(response.body.message.mentions).toEqual([alice.user.username, bob.user.username]);
      const listed = await alice.client.get(`/api/rooms/${room.slug}/messages`);
      expect(listed.body.messages[0].mentions).toEqual([alice.user.username, bob.user.username]);
    });

    it('has none in an e-mail address', async () => {
      const room = await newRoom();
      const response = await send(admin, room, { content: `write to me@${alice.user.username}` });
      expect(response.body.message.mentions).toEqual([]);
    });
  });

  it("leaves an edited message's old words nowhere on disk", async () => {
    const room = await newRoom();
    const secret = `draft ${randomUUID()}`;
    const message = (await send(alice, room, { content: secret })).body.message;
    const path = `/api/rooms/${room.slug}/messages/${message.id}`;
    expect((await alice.client.patch(path, { content: 'fixed' })).status).toBe(200);
    const { existsSync, readFileSync } = await import('node:fs');
    const file = String(testApp.dataSource.options.database);
    for (const path of [file, `${file}-wal`].filter((path) => existsSync(path))) {
      expect(readFileSync(path).includes(secret), path).toBe(false);
    }
  });

  describe('PATCH /api/rooms/:slug/messages/:id', () => {
    async function sent(room: RoomBody, user = alice, content = 'first words') {
      return (await send(user, room, { content })).body.message as { id: number; seq: number };
    }
    const path = (room: RoomBody, id: number | string) => `/api/rooms/${room.slug}/messages/${id}`;

    it("lets the author edit: 200 {message}, editedAt set, seq kept, the room's head advanced", async () => {
      const room = await newRoom();
      const message = await sent(room);
      await sent(room, bob, 'after');
      const response = await alice.client.patch(path(room, message.id), {
        content: '  new words @' + bob.user.username,
      });
      expect(response.status).toBe(200);
      expect(response.body.message).toMatchObject({
        id: message.id,
        seq: 1,
        content: `new words @${bob.user.username}`,
        deleted: false,
        mentions: [bob.user.username],
      });
      expect(new Date(response.body.message.editedAt).getTime()).toBeGreaterThan(
        Date.now() - 60_000,
      );
      const [row] = await rows(room.id);
      expect(row).toMatchObject({ content: `new words @${bob.user.username}`, changeSeq: 3 });
      expect(await head(room.id)).toBe(3);
    });

    it('changes nothing for the same content', async () => {
      const room = await newRoom();
      const message = await sent(room);
      const response = await alice.client.patch(path(room, message.id), { content: 'first words' });
      expect(response.status).toBe(200);
      expect(response.body.message.editedAt).toBeNull();
      expect(await head(room.id)).toBe(1);
    });

    it('refuses anyone but the author with 403, admins too, and changes nothing', async () => {
      const room = await newRoom();
      const message = await sent(room);
      for (const other of [bob, admin]) {
        const response = await other.client.patch(path(room, message.id), { content: 'hijacked' });
        expect(response.status).toBe(403);
      }
      expect((await rows(room.id))[0].content).toBe('first words');
      expect(await head(room.id)).toBe(1);
    });

    it('answers 404 for an unknown id, a deleted message, or a message of another room', async () => {
      const [room, other] = [await newRoom(), await newRoom()];
      const message = await sent(room);
      const deleted = await sent(room);
      await alice.client.delete(path(room, deleted.id));
      for (const target of [
        path(room, 999_999),
        path(room, deleted.id),
        path(other, message.id),
        path(room, 99_999_999_999),
      ]) {
        const response = await alice.client.patch(target, { content: 'x' });
        expect(response.status, target).toBe(404);
      }
      expect(await head(room.id)).toBe(3);
    });

    it.each([
      ['a blank content', { content: ' \u200b ' }],
      ['a content of 4001 characters', { content: 'x'.repeat(4001) }],
      ['no content', {}],
      ['an extra field', { content: 'ok', seq: 5 }],
      ['a clientId', { content: 'ok', clientId: randomUUID() }],
    ])('refuses %s with 400 and changes nothing', async (_, body) => {
      const room = await newRoom();
      const message = await sent(room);
      const response = await alice.client.patch(path(room, message.id), body);
      expect(response.status).toBe(400);
      expect((await rows(room.id))[0]).toMatchObject({ content: 'first words', editedAt: null });
    });

    it.each(['abc', '1.5', '-1', '0x10', '1e3'])(
      'refuses the id %j with 400 or 404',
      async (id) => {
        const room = await newRoom();
        await sent(room);
        const response = await alice.client.patch(path(room, id), { content: 'x' });
        expect([400, 404]).toContain(response.status);
        expect(await head(room.id)).toBe(1);
      },
    );

    it('needs the CSRF token (403) and a session (401)', async () => {
      const room = await newRoom();
      const message = await sent(room);
      const noToken = await alice.client['agent']
        .patch(path(room, message.id))
        .send({ content: 'x' });
      expect(noToken.status).toBe(403);
      const visitor = await new ApiClient(testApp.url).patch(path(room, message.id), {
        content: 'x',
      });
      expect([401, 403]).toContain(visitor.status);
      expect((await rows(room.id))[0].content).toBe('first words');
    });
  });

  describe('DELETE /api/rooms/:slug/messages/:id', () => {
    const path = (room: RoomBody, id: number | string) => `/api/rooms/${room.slug}/messages/${id}`;

    it('lets the author delete: 204, the content erased from storage, a tombstone listed', async () => {
      const room = await newRoom();
      const secret = `secret ${randomUUID()} @${bob.user.username}`;
      const message = (await send(alice, room, { content: secret })).body.message;
      const response = await alice.client.delete(path(room, message.id));
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      const [row] = await rows(room.id);
      expect(row).toMatchObject({ content: '', mentions: '[]', changeSeq: 2 });
      expect(row.deletedAt).not.toBeNull();
      const mentionRows = await query(
        testApp.dataSource,
        `SELECT * FROM message_mentions WHERE "messageId" = ?`,
        [message.id],
      );
      expect(mentionRows).toEqual([]);
      const listed = (await bob.client.get(`/api/rooms/${room.slug}/messages`)).body.messages;
      expect(listed).toEqual([
        expect.objectContaining({
          id: message.id,
          seq: 1,
          content: '',
          deleted: true,
          mentions: [],
        }),
      ]);
      // Nor anywhere on disk: not in the database file, not in its write-ahead log.
      const { existsSync, readFileSync } = await import('node:fs');
      const file = String(testApp.dataSource.options.database);
      for (const path of [file, `${file}-wal`].filter((path) => existsSync(path))) {
        expect(readFileSync(path).includes(secret), path).toBe(false);
      }
    });

    it('lets an admin delete anyone’s message', async () => {
      const room = await newRoom();
      const message = (await send(bob, room, { content: 'spam' })).body.message;
      expect((await admin.client.delete(path(room, message.id))).status).toBe(204);
      expect((await rows(room.id))[0].deletedAt).not.toBeNull();
    });

    it('needs a session (401) and the CSRF token (403), changing nothing', async () => {
      const room = await newRoom();
      const message = (await send(alice, room, { content: 'guarded' })).body.message;
      const visitor = await new ApiClient(testApp.url).delete(path(room, message.id));
      expect([401, 403]).toContain(visitor.status);
      const noToken = await alice.client['agent'].delete(path(room, message.id));
      expect(noToken.status).toBe(403);
      expect((await rows(room.id))[0]).toMatchObject({ content: 'guarded', deletedAt: null });
    });

    it('refuses other users with 403 and changes nothing', async () => {
      const room = await newRoom();
      const message = (await send(alice, room, { content: 'mine' })).body.message;
      expect((await bob.client.delete(path(room, message.id))).status).toBe(403);
      expect((await rows(room.id))[0]).toMatchObject({ content: 'mine', deletedAt: null });
      expect(await head(room.id)).toBe(1);
    });

    it('refuses a body or a query parameter (400) and keeps the message', async () => {
      const room = await newRoom();
      const message = (await send(alice, room, { content: 'stays' })).body.message;
      const withBody = await alice.client['agent']
        .delete(path(room, message.id))
        .set('X-XSRF-TOKEN', alice.client.csrfToken!)
        .send({ reason: 'x' });
      expect(withBody.status).toBe(400);
      expect((await alice.client.delete(`${path(room, message.id)}?hard=1`)).status).toBe(400);
      const edit = await alice.client.patch(`${path(room, message.id)}?x=1`, { content: 'new' });
      expect(edit.status).toBe(400);
      expect((await rows(room.id))[0]).toMatchObject({ content: 'stays', deletedAt: null });
    });

    it('answers 404 for an unknown message and for deleting twice', async () => {
      const room = await newRoom();
      const message = (await send(alice, room, { content: 'twice' })).body.message;
      expect((await alice.client.delete(path(room, 424_242))).status).toBe(404);
      expect((await alice.client.delete(path(room, message.id))).status).toBe(204);
      expect((await alice.client.delete(path(room, message.id))).status).toBe(404);
      expect((await admin.client.delete(path(room, message.id))).status).toBe(404);
      expect(await head(room.id)).toBe(2);
    });

    it('advances the head once when two deletes race', async () => {
      const room = await newRoom();
      const message = (await send(alice, room, { content: 'race' })).body.message;
      const answers = await Promise.all([
        alice.client.delete(path(room, message.id)),
        admin.client.delete(path(room, message.id)),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404]);
      expect(await head(room.id)).toBe(2);
    });
  });
});

describe('the sending rate limit', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;
  let alice: SignedUpUser;
  let room: RoomBody;

  beforeAll(async () => {
    testApp = await startTestApp({ env: { SEND_RATE_LIMIT: '3', SEND_RATE_WINDOW_MS: '60000' } });
    admin = await signUp(testApp.url, 'founder');
    alice = await signUp(testApp.url, 'alice');
    room = await createRoom(admin.client, { name: 'Limited' });
  });
  afterAll(() => stopTestApp(testApp));

  it('answers 429 with Retry-After beyond the limit, per user, storing nothing', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await alice.client.post(`/api/rooms/${room.slug}/messages`, { content: `m${i}` })).status,
      ).toBe(201);
    }
    const refused = await alice.client.post(`/api/rooms/${room.slug}/messages`, {
      content: 'one too many',
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Another user has a limit of their own.
    expect(
      (await admin.client.post(`/api/rooms/${room.slug}/messages`, { content: 'mine' })).status,
    ).toBe(201);
    const stored = await query<{ content: string }[]>(
      testApp.dataSource,
      `SELECT content FROM messages ORDER BY id`,
    );
    expect(stored.map((row) => row.content)).toEqual(['m0', 'm1', 'm2', 'mine']);
  });

  it('does not limit reading', async () => {
    for (let i = 0; i < 10; i += 1) {
      expect((await alice.client.get(`/api/rooms/${room.slug}/messages`)).status).toBe(200);
    }
  });
});
