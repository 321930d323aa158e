import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '../src/messages/message.entity';
import { ApiClient } from './helpers/api-client';
import {
  createRoom,
  insertMessages,
  RoomBody,
  signUp,
  SignedUpUser,
} from './helpers/chat-fixtures';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

// Large histories (30 to 130 messages) are inserted straight into the messages
// table with the Message repository (insertMessages: roomId, userId, content,
// createdAt), one request per message being needlessly slow; every rule about
// posting, and several listings, go through POST /api/rooms/:slug/messages instead.

interface MessageBody {
  id: number;
  seq: number;
  content: string;
  username: string;
  date: string;
  createdAt: string;
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The exact shape of one message in every answer. */
function expectMessageShape(message: MessageBody): void {
  expect(Object.keys(message).sort()).toEqual([
    'content',
    'createdAt',
    'date',
    'deleted',
    'editedAt',
    'id',
    'mentions',
    'seq',
    'username',
  ]);
  expect(message.id).toEqual(expect.any(Number));
  expect(message.content).toEqual(expect.any(String));
  expect(message.username).toEqual(expect.any(String));
  expect(message.createdAt).toMatch(ISO_UTC);
  expect(new Date(message.createdAt).toISOString()).toBe(message.createdAt);
  expect(message.date).toMatch(/^\d\d:\d\d:\d\d$/);
  expect(message.date).toBe(message.createdAt.slice(11, 19));
}

describe('messages', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let roomCounter = 0;
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    // Run the server away from UTC (+05:30, no daylight saving), so that a date
    // formatted in local time instead of UTC shows up in the assertions.
    process.env.TZ = 'Asia/Kolkata';
    expect(new Date(Date.UTC(2024, 0, 1, 0, 0, 0)).getHours()).toBe(5);
    testApp = await startTestApp();
    admin = await signUp(testApp.url, 'founder');
    alice = await signUp(testApp.url, 'alice');
    bob = await signUp(testApp.url, 'bob');
    expect(admin.user.isAdmin).toBe(true);
  });
  afterAll(async () => {
    await stopTestApp(testApp);
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  const messages = () => testApp.dataSource.getRepository(Message);

  /** A new, empty room of its own for one test. */
  async function newRoom(): Promise<RoomBody> {
    roomCounter += 1;
    return createRoom(admin.client, { name: `Room ${roomCounter}` });
  }

  async function list(client: ApiClient, slug: string, query = ''): Promise<MessageBody[]> {
    const response = await client.get(`/api/rooms/${slug}/messages${query}`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['messages']);
    return response.body.messages as MessageBody[];
  }

  const ids = (list: { id: number }[]) => list.map((message) => message.id);

  describe('without a session', () => {
    let room: RoomBody;
    beforeAll(async () => {
      room = await newRoom();
      await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: alice.user.id,
        count: 3,
      });
    });

    it('GET answers 401', async () => {
      const response = await new ApiClient(testApp.url).get(`/api/rooms/${room.slug}/messages`);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        message: 'Log in first',
        error: 'Unauthorized',
      });
    });

    it('GET ?after= answers 401', async () => {
      const response = await new ApiClient(testApp.url).get(
        `/api/rooms/${room.slug}/messages?after=0`,
      );
      expect(response.status).toBe(401);
      expect(response.body.messages).toBeUndefined();
    });

    it('POST answers 401 and stores nothing', async () => {
      const before = await messages().count();
      const response = await new ApiClient(testApp.url).post(`/api/rooms/${room.slug}/messages`, {
        content: 'anonymous hello',
      });
      expect(response.status).toBe(401);
      expect(await messages().count()).toBe(before);
      expect(await messages().findOneBy({ content: 'anonymous hello' })).toBeNull();
    });
  });

  describe('an unknown room', () => {
    it('GET answers 404 in JSON', async () => {
      for (const query of ['', '?after=0', '?before=10', '?limit=5']) {
        const response = await alice.client.get(`/api/rooms/no-such-room/messages${query}`);
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      }
    });

    it('POST answers 404 and stores nothing', async () => {
      const before = await messages().count();
      const response = await alice.client.post('/api/rooms/no-such-room/messages', {
        content: 'into the void',
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect(await messages().count()).toBe(before);
      expect(await messages().findOneBy({ content: 'into the void' })).toBeNull();
    });
  });

  describe('GET without parameters', () => {
    it('answers {messages: []} for an empty room', async () => {
      const room = await newRoom();
      const response = await alice.client.get(`/api/rooms/${room.slug}/messages`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ messages: [] });
    });

    it('answers the latest 25, oldest first', async () => {
      const room = await newRoom();
      const stored = await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: alice.user.id,
        count: 40,
      });
      const latest = await list(bob.client, room.slug);
      expect(ids(latest)).toEqual(ids(stored.slice(15)));
      expect(latest.map((message) => message.content)).toEqual(
        stored.slice(15).map((m) => m.content),
      );
    });

    it('answers all of them, oldest first, when there are fewer than 25', async () => {
      const room = await newRoom();
      const stored = await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: alice.user.id,
        count: 7,
      });
      expect(ids(await list(bob.client, room.slug))).toEqual(ids(stored));
    });

    it('gives each message exactly {id, seq, content, username, date, createdAt, editedAt, deleted, mentions}, in UTC', async () => {
      const room = await newRoom();
      // 23:59:58.5 UTC on 31 December: the local date, hour and minute all differ from UTC here.
      const firstAt = new Date(Date.UTC(2023, 11, 31, 23, 59, 58, 500));
      await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: bob.user.id,
        count: 3,
        firstAt,
        content: (index) => `timed ${index}`,
      });
      const listed = await list(alice.client, room.slug);
      expect(listed).toHaveLength(3);
      for (const message of listed) expectMessageShape(message);
      expect(
        listed.map(({ content, username, date, createdAt }) => ({
          content,
          username,
          date,
          createdAt,
        })),
      ).toEqual([
        {
          content: 'timed 0',
          username: bob.user.username,
          date: '23:59:58',
          createdAt: '2023-12-31T23:59:58.500Z',
        },
        {
          content: 'timed 1',
          username: bob.user.username,
          date: '23:59:59',
          createdAt: '2023-12-31T23:59:59.500Z',
        },
        {
          content: 'timed 2',
          username: bob.user.username,
          date: '00:00:00',
          createdAt: '2024-01-01T00:00:00.500Z',
        },
      ]);
    });

    it("shows each author's own username", async () => {
      const room = await newRoom();
      await alice.client.post(`/api/rooms/${room.slug}/messages`, { content: 'from alice' });
      await bob.client.post(`/api/rooms/${room.slug}/messages`, { content: 'from bob' });
      const listed = await list(admin.client, room.slug);
      expect(listed.map(({ content, username }) => ({ content, username }))).toEqual([
        { content: 'from alice', username: alice.user.username },
        { content: 'from bob', username: bob.user.username },
      ]);
    });

    it('lowers the count with limit', async () => {
      const room = await newRoom();
      const stored = await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: alice.user.id,
        count: 30,
      });
      expect(ids(await list(alice.client, room.slug, '?limit=5'))).toEqual(ids(stored.slice(25)));
      expect(ids(await list(alice.client, room.slug, '?limit=100'))).toEqual(ids(stored));
    });
  });

  describe('GET ?after=', () => {
    let room: RoomBody;
    let stored: Message[];

    beforeAll(async () => {
      room = await newRoom();
      stored = await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: alice.user.id,
        count: 130,
      });
      expect(stored).toHaveLength(130);
    });

    it('pages forward 100 at a time, ascending, until an empty list', async () => {
      const first = await list(bob.client, room.slug, '?after=0');
      expect(ids(first)).toEqual(ids(stored.slice(0, 100)));
      for (const message of first) expectMessageShape(message);

      const second = await list(bob.client, room.slug, `?after=${first[first.length - 1].id}`);
      expect(ids(second)).toEqual(ids(stored.slice(100)));

      const third = await list(bob.client, room.slug, `?after=${second[second.length - 1].id}`);
      expect(third).toEqual([]);
    });

    it('answers only messages with a greater id, ascending', async () => {
      const cursor = stored[57].id;
      const listed = await list(bob.client, room.slug, `?after=${cursor}&limit=100`);
      expect(ids(listed)).toEqual(ids(stored.slice(58, 130)));
    });

    it('answers [] after the last id, and after an id far beyond it', async () => {
      const lastId = stored[stored.length - 1].id;
      expect(await list(bob.client, room.slug, `?after=${lastId}`)).toEqual([]);
      expect(await list(bob.client, room.slug, `?after=${lastId + 1000}`)).toEqual([]);
    });

    it.each([
      [1, 1],
      [10, 10],
      [100, 100],
    ])('limit=%i lowers the page to %i', async (limit, length) => {
      const listed = await list(bob.client, room.slug, `?after=0&limit=${limit}`);
      expect(ids(listed)).toEqual(ids(stored.slice(0, length)));
    });

    it('accepts after and limit in either order', async () => {
      const listed = await list(bob.client, room.slug, `?limit=3&after=${stored[9].id}`);
      expect(ids(listed)).toEqual(ids(stored.slice(10, 13)));
    });

    it('never shows messages of other rooms', async () => {
      const roomA = await newRoom();
      const roomB = await newRoom();
      // Interleaved, so that the ids of each room have gaps filled by the other's.
      for (let index = 0; index < 4; index += 1) {
        expect(
          (await alice.client.post(`/api/rooms/${roomA.slug}/messages`, { content: `A${index}` }))
            .status,
        ).toBe(201);
        expect(
          (await bob.client.post(`/api/rooms/${roomB.slug}/messages`, { content: `B${index}` }))
            .status,
        ).toBe(201);
      }
      for (const query of ['?after=0', '', `?before=2147483647`]) {
        const inA = await list(admin.client, roomA.slug, query);
        const inB = await list(admin.client, roomB.slug, query);
        expect(inA.map((m) => m.content)).toEqual(['A0', 'A1', 'A2', 'A3']);
        expect(inB.map((m) => m.content)).toEqual(['B0', 'B1', 'B2', 'B3']);
      }
      // A cursor taken in one room does not leak the other room's later messages.
      const inA = await list(admin.client, roomA.slug, '?after=0');
      const afterFirstOfA = await list(admin.client, roomA.slug, `?after=${inA[0].id}`);
      expect(afterFirstOfA.map((m) => m.content)).toEqual(['A1', 'A2', 'A3']);
      // And the big room never shows them either.
      const big = await list(admin.client, room.slug, `?after=${stored[129].id}`);
      expect(big).toEqual([]);
    });
  });

  describe('GET ?before=', () => {
    let room: RoomBody;
    let stored: Message[];

    beforeAll(async () => {
      room = await newRoom();
      stored = await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: bob.user.id,
        count: 60,
      });
    });

    it('answers the 25 messages just older than the id, oldest first', async () => {
      const listed = await list(alice.client, room.slug, `?before=${stored[50].id}`);
      expect(ids(listed)).toEqual(ids(stored.slice(25, 50)));
      for (const message of listed) expectMessageShape(message);
    });

    it('answers `limit` messages just older than the id', async () => {
      const listed = await list(alice.client, room.slug, `?before=${stored[50].id}&limit=10`);
      expect(ids(listed)).toEqual(ids(stored.slice(40, 50)));
    });

    it('answers fewer near the start, and [] before the first message', async () => {
      expect(ids(await list(alice.client, room.slug, `?before=${stored[3].id}`))).toEqual(
        ids(stored.slice(0, 3)),
      );
      expect(await list(alice.client, room.slug, `?before=${stored[0].id}`)).toEqual([]);
      expect(await list(alice.client, room.slug, '?before=0')).toEqual([]);
    });

    it('?beforeSeq= pages by seq: the 25 (or limit) just older, oldest first', async () => {
      const bySeq = await list(alice.client, room.slug, `?beforeSeq=${stored[50].seq}`);
      expect(ids(bySeq)).toEqual(ids(stored.slice(25, 50)));
      const limited = await list(alice.client, room.slug, `?beforeSeq=${stored[50].seq}&limit=3`);
      expect(limited.map((message) => message.seq)).toEqual(
        stored.slice(47, 50).map((message) => message.seq),
      );
      expect(await list(alice.client, room.slug, `?beforeSeq=${stored[0].seq}`)).toEqual([]);
    });

    it('pages back from the latest to the first message with no gap and no duplicate', async () => {
      let page = await list(alice.client, room.slug);
      const seen: number[] = [];
      let requests = 1;
      while (page.length > 0) {
        seen.unshift(...ids(page));
        page = await list(alice.client, room.slug, `?before=${page[0].id}`);
        requests += 1;
        expect(requests).toBeLessThan(10);
      }
      expect(seen).toEqual(ids(stored));
      expect(new Set(seen).size).toBe(seen.length);
      // 25 + 25 + 10, then the empty page.
      expect(requests).toBe(4);
    });

    it('pages back with a limit as well', async () => {
      let page = await list(alice.client, room.slug, '?limit=7');
      const seen: number[] = [];
      while (page.length > 0) {
        expect(page.length).toBeLessThanOrEqual(7);
        seen.unshift(...ids(page));
        page = await list(alice.client, room.slug, `?before=${page[0].id}&limit=7`);
      }
      expect(seen).toEqual(ids(stored));
    });
  });

  describe('bad query parameters', () => {
    let room: RoomBody;
    beforeAll(async () => {
      room = await newRoom();
      await insertMessages(testApp.dataSource, {
        roomId: room.id,
        userId: alice.user.id,
        count: 5,
      });
    });

    it.each([
      'after=-1',
      'after=abc',
      'after=1.5',
      'after=',
      'after',
      'after=1e3',
      'after=0x10',
      'after=%2B1',
      'after=%201',
      'after=1&after=2',
      'after=99999999999999999',
      // Ids are 32-bit on PostgreSQL: a larger one would be an error there, not a page.
      'after=2147483648',
      'before=2147483648',
      'beforeSeq=2147483648',
      'beforeSeq=-1',
      'before=1&beforeSeq=1',
      'after=1&beforeSeq=1',
      'before=-1',
      'before=abc',
      'before=',
      'before=1&before=2',
      'limit=0',
      'limit=101',
      'limit=abc',
      'limit=-5',
      'limit=',
      'after=1&before=5',
      'after=0&before=0',
      'foo=1',
      'after=0&foo=1',
      'Limit=5',
    ])('?%s answers 400', async (query) => {
      const response = await alice.client.get(`/api/rooms/${room.slug}/messages?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(response.body.messages).toBeUndefined();
    });
  });

  describe('POST', () => {
    let room: RoomBody;
    beforeAll(async () => {
      room = await newRoom();
    });

    const roomCount = () => messages().countBy({ roomId: room.id });

    /** POSTs as alice and checks that the answer is 400 and nothing was stored. */
    async function expectRefused(body: unknown): Promise<void> {
      const before = await messages().count();
      const response = await alice.client.post(`/api/rooms/${room.slug}/messages`, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(await messages().count()).toBe(before);
    }

    it("answers 201 {message}, trimmed, stored under the poster's name", async () => {
      const response = await alice.client.post(`/api/rooms/${room.slug}/messages`, {
        content: '  \n hello there \t ',
      });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body)).toEqual(['message']);
      const message = response.body.message as MessageBody;
      expectMessageShape(message);
      expect(message).toMatchObject({ content: 'hello there', username: alice.user.username });

      const stored = await messages().findOneByOrFail({ id: message.id });
      expect(stored).toMatchObject({
        roomId: room.id,
        userId: alice.user.id,
        content: 'hello there',
      });
      expect(stored.createdAt.toISOString()).toBe(message.createdAt);

      const listed = await list(bob.client, room.slug, `?after=${message.id - 1}`);
      expect(listed).toEqual([message]);
    });

    it('keeps whitespace inside the content', async () => {
      const content = 'line one\n\n  line two\twith a tab';
      const response = await alice.client.post(`/api/rooms/${room.slug}/messages`, {
        content: `\n${content}\n`,
      });
      expect(response.status).toBe(201);
      expect(response.body.message.content).toBe(content);
      expect((await messages().findOneByOrFail({ id: response.body.message.id })).content).toBe(
        content,
      );
    });

    it('gives each new message a greater id', async () => {
      const first = await alice.client.post(`/api/rooms/${room.slug}/messages`, { content: 'one' });
      const second = await bob.client.post(`/api/rooms/${room.slug}/messages`, { content: 'two' });
      expect(second.body.message.id).toBeGreaterThan(first.body.message.id);
      expect(first.body.message.username).toBe(alice.user.username);
      expect(second.body.message.username).toBe(bob.user.username);
    });

    it('is visible to the very next ?after= poll of another user', async () => {
      const before = await list(bob.client, room.slug);
      const cursor = before.length > 0 ? before[before.length - 1].id : 0;
      expect(await list(bob.client, room.slug, `?after=${cursor}`)).toEqual([]);

      const posted = await alice.client.post(`/api/rooms/${room.slug}/messages`, {
        content: 'are you there?',
      });
      expect(posted.status).toBe(201);
      const polled = await list(bob.client, room.slug, `?after=${cursor}`);
      expect(polled).toEqual([posted.body.message]);
    });

    it.each([
      ['empty', ''],
      ['only whitespace', '   \n\t '],
      ['4001 characters after trimming', ` ${'x'.repeat(4001)} `],
    ])('refuses content that is %s with 400 and stores nothing', async (_, content) => {
      const before = await roomCount();
      await expectRefused({ content });
      expect(await roomCount()).toBe(before);
    });

    it('accepts 4000 characters after trimming', async () => {
      const content = 'y'.repeat(4000);
      const response = await alice.client.post(`/api/rooms/${room.slug}/messages`, {
        content: `  ${content}\n\n`,
      });
      expect(response.status).toBe(201);
      expect(response.body.message.content).toBe(content);
      expect((await messages().findOneByOrFail({ id: response.body.message.id })).content).toBe(
        content,
      );
    });

    it.each([
      ['a number', { content: 42 }],
      ['a boolean', { content: true }],
      ['null', { content: null }],
      ['an array', { content: ['hello'] }],
      ['an object', { content: { text: 'hello' } }],
      ['missing', {}],
    ])('refuses content that is %s with 400 and stores nothing', async (_, body) => {
      await expectRefused(body);
    });

    it.each([
      ['a username', { content: 'spoofed', username: 'someone-else' }],
      ['a userId', { content: 'spoofed', userId: 1 }],
      ['a roomId', { content: 'spoofed', roomId: 1 }],
      ['a createdAt', { content: 'spoofed', createdAt: '2000-01-01T00:00:00.000Z' }],
    ])('refuses a body with %s (an unknown field) with 400 and stores nothing', async (_, body) => {
      await expectRefused(body);
      expect(await messages().findOneBy({ content: 'spoofed' })).toBeNull();
    });

    it('refuses a JSON array body with 400 and stores nothing', async () => {
      await expectRefused([{ content: 'in an array' }]);
    });
  });

  describe('content is text, stored and returned verbatim', () => {
    let room: RoomBody;
    beforeAll(async () => {
      room = await newRoom();
    });

    it.each([
      ['an HTML tag with a handler', '<img src=x onerror=alert(1)>'],
      ['a script element', '<script>alert("hi")</script>'],
      ['HTML entities', '&lt;b&gt; &amp; &quot; &#39; "double" \'single\''],
      ['an Angular template expression', '{{ constructor.constructor("alert(1)")() }}'],
      ['Markdown with a javascript: link', '**bold** [x](javascript:alert(1))'],
      ['non-ASCII text, emoji and a right-to-left mark', 'Café 日本語 😀 \u202Eabc'],
      ['backslashes and a JSON-looking string', '\\n is not a newline; {"a": 1}'],
    ])('%s', async (_, content) => {
      const posted = await alice.client.post(`/api/rooms/${room.slug}/messages`, { content });
      expect(posted.status).toBe(201);
      expect(posted.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(posted.text).message.content).toBe(content);

      const stored = await messages().findOneByOrFail({ id: posted.body.message.id });
      expect(stored.content).toBe(content);
      expect(Buffer.from(stored.content, 'utf8').equals(Buffer.from(content, 'utf8'))).toBe(true);

      const polled = await bob.client.get(
        `/api/rooms/${room.slug}/messages?after=${posted.body.message.id - 1}`,
      );
      expect(polled.headers['content-type']).toMatch(/^application\/json/);
      const [message] = JSON.parse(polled.text).messages as MessageBody[];
      expect(message.content).toBe(content);
      expect(Buffer.from(message.content, 'utf8').equals(Buffer.from(content, 'utf8'))).toBe(true);
    });

    it('is returned verbatim, not escaped, when read from the database', async () => {
      const other = await newRoom();
      const content = '<b onmouseover="alert(1)">&amp;</b>';
      const [row] = await insertMessages(testApp.dataSource, {
        roomId: other.id,
        userId: bob.user.id,
        count: 1,
        content: () => content,
      });
      const response = await alice.client.get(`/api/rooms/${other.slug}/messages`);
      expect(response.status).toBe(200);
      expect(response.body.messages).toEqual([expect.objectContaining({ id: row.id, content })]);
    });
  });
});
