import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Room } from '../src/rooms/room.entity';
import { ApiClient } from './helpers/api-client';
import { createRoom, signUp } from './helpers/chat-fixtures';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('rooms', () => {
  let testApp: TestApp;
  /** The first user on the fresh database, and so the admin. */
  let admin: ApiClient;
  /** A later user: not an admin. */
  let member: ApiClient;
  let lobby: { id: number; name: string; slug: string };

  beforeAll(async () => {
    testApp = await startTestApp();
    const first = await signUp(testApp.url, 'founder');
    const second = await signUp(testApp.url, 'member');
    admin = first.client;
    member = second.client;
    lobby = await createRoom(admin, { name: 'Lobby' });
  });
  afterAll(() => stopTestApp(testApp));

  const rooms = () => testApp.dataSource.getRepository(Room);

  /** POSTs as the admin and checks that the answer is 400 and no room was added. */
  async function expectRefused(body: unknown, status = 400): Promise<void> {
    const before = await rooms().count();
    const response = await admin.post('/api/rooms', body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status });
    expect(await rooms().count()).toBe(before);
  }

  it('made the first user on the fresh database an admin, and the second not', async () => {
    expect((await admin.get('/api/auth/me')).body.user.isAdmin).toBe(true);
    expect((await member.get('/api/auth/me')).body.user.isAdmin).toBe(false);
  });

  describe('without a session', () => {
    it.each([
      ['GET /api/rooms', '/api/rooms'],
      ['GET /api/rooms/:slug of an existing room', '/api/rooms/lobby'],
      ['GET /api/rooms/:slug of an unknown room', '/api/rooms/no-such-room'],
    ])('%s answers 401', async (_, path) => {
      const response = await new ApiClient(testApp.url).get(path);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        message: 'Log in first',
        error: 'Unauthorized',
      });
    });

    it('POST /api/rooms answers 401 and creates nothing', async () => {
      const before = await rooms().count();
      const response = await new ApiClient(testApp.url).post('/api/rooms', {
        name: 'Anonymous Room',
      });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401 });
      expect(await rooms().count()).toBe(before);
      expect(await rooms().findOneBy({ slug: 'anonymous-room' })).toBeNull();
    });

    it('answers 401 after logout', async () => {
      const { client } = await signUp(testApp.url, 'leaver');
      expect((await client.get('/api/rooms')).status).toBe(200);
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      expect((await client.get('/api/rooms')).status).toBe(401);
      expect((await client.get('/api/rooms/lobby')).status).toBe(401);
    });
  });

  describe('GET /api/rooms', () => {
    it('lists every room as exactly {id, name, slug}, ordered by name', async () => {
      // Created out of name order, so that id order is not name order.
      for (const name of ['Zulu', 'Alpha', 'Mike', 'Bravo']) await createRoom(admin, { name });

      const response = await member.get('/api/rooms');
      expect(response.status).toBe(200);
      expect(Object.keys(response.body)).toEqual(['rooms']);
      const listed = response.body.rooms as { id: number; name: string; slug: string }[];
      for (const room of listed) expect(Object.keys(room).sort()).toEqual(['id', 'name', 'slug']);

      const stored = await rooms().find();
      const expected = stored
        .map(({ id, name, slug }) => ({ id, name, slug }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
      expect(listed).toEqual(expected);
      const names = listed.map((room) => room.name);
      expect(names.indexOf('Alpha')).toBeLessThan(names.indexOf('Bravo'));
      expect(names.indexOf('Bravo')).toBeLessThan(names.indexOf('Lobby'));
      expect(names.indexOf('Lobby')).toBeLessThan(names.indexOf('Mike'));
      expect(names.indexOf('Mike')).toBeLessThan(names.indexOf('Zulu'));
    });

    it('orders names as people read them: case and accents do not come first', async () => {
      for (const name of ['zebra', 'Éclair', 'apple', 'Banana']) await createRoom(admin, { name });
      const names = ((await member.get('/api/rooms')).body.rooms as { name: string }[]).map(
        (room) => room.name,
      );
      const order = ['apple', 'Banana', 'Éclair', 'zebra'].map((name) => names.indexOf(name));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order).not.toContain(-1);
    });

    it('is the same for an admin and a member', async () => {
      const asAdmin = await admin.get('/api/rooms');
      const asMember = await member.get('/api/rooms');
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toEqual(asMember.body);
    });
  });

  describe('GET /api/rooms/:slug', () => {
    it('answers 200 {room} with exactly {id, name, slug}', async () => {
      const response = await member.get('/api/rooms/lobby');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ room: { id: lobby.id, name: 'Lobby', slug: 'lobby' } });
    });

    it('answers 404 in JSON for an unknown slug', async () => {
      const response = await member.get('/api/rooms/no-such-room');
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('matches the slug exactly (no case folding, no prefix match)', async () => {
      expect((await member.get('/api/rooms/LOBBY')).status).toBe(404);
      expect((await member.get('/api/rooms/lob')).status).toBe(404);
    });
  });

  describe('POST /api/rooms', () => {
    it('lets the admin create a room: 201 {room}, stored and then readable', async () => {
      const response = await admin.post('/api/rooms', { name: 'Book Club', slug: 'books' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        room: { id: expect.any(Number), name: 'Book Club', slug: 'books' },
      });
      const stored = await rooms().findOneByOrFail({ slug: 'books' });
      expect(stored).toMatchObject({ id: response.body.room.id, name: 'Book Club' });
      expect((await member.get('/api/rooms/books')).body).toEqual(response.body);
    });

    it('refuses a user who is not the admin with 403 and creates nothing', async () => {
      const before = await rooms().count();
      const response = await member.post('/api/rooms', { name: 'Members Only' });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(await rooms().count()).toBe(before);
      expect(await rooms().findOneBy({ slug: 'members-only' })).toBeNull();
    });

    it('refuses every later sign-up, not only the second', async () => {
      const { client, user } = await signUp(testApp.url, 'third');
      expect(user.isAdmin).toBe(false);
      const response = await client.post('/api/rooms', { name: 'Third Room' });
      expect(response.status).toBe(403);
      expect(await rooms().findOneBy({ slug: 'third-room' })).toBeNull();
    });

    describe('name', () => {
      it('is trimmed: "  Lobby 2  " is stored as "Lobby 2"', async () => {
        const response = await admin.post('/api/rooms', { name: '  Lobby 2  ' });
        expect(response.status).toBe(201);
        expect(response.body.room).toMatchObject({ name: 'Lobby 2', slug: 'lobby-2' });
        expect((await rooms().findOneByOrFail({ slug: 'lobby-2' })).name).toBe('Lobby 2');
      });

      it('accepts 1 character and 64 characters (after trimming)', async () => {
        const one = await admin.post('/api/rooms', { name: ' Q ' });
        expect(one.status).toBe(201);
        expect(one.body.room).toMatchObject({ name: 'Q', slug: 'q' });

        const sixtyFour = 'N'.repeat(64);
        const long = await admin.post('/api/rooms', { name: `  ${sixtyFour}\t` });
        expect(long.status).toBe(201);
        expect(long.body.room.name).toBe(sixtyFour);
        expect((await rooms().findOneByOrFail({ id: long.body.room.id })).name).toBe(sixtyFour);
      });

      it.each([
        ['only spaces', '   '],
        ['only whitespace of several kinds', ' \t\n '],
        ['empty', ''],
        ['65 characters', 'a'.repeat(65)],
        ['a number', 42],
        ['a boolean', true],
        ['null', null],
        ['an array', ['Lobby 3']],
        ['an object', { text: 'Lobby 3' }],
      ])('is refused with 400 when it is %s, and nothing is created', async (_, name) => {
        await expectRefused({ name });
      });

      it('is required', async () => {
        await expectRefused({ slug: 'nameless' });
        await expectRefused({});
        expect(await rooms().findOneBy({ slug: 'nameless' })).toBeNull();
      });
    });

    describe('slug derived from the name', () => {
      it.each([
        ['Off Topic!', 'off-topic'],
        ['Café', 'cafe'],
        ['  --Rock & Roll--  ', 'rock-roll'],
        ['Ünïcödé Rööm', 'unicode-room'],
        ['Room 42', 'room-42'],
      ])('"%s" gets the slug %s', async (name, slug) => {
        const response = await admin.post('/api/rooms', { name });
        expect(response.status).toBe(201);
        expect(response.body.room.slug).toBe(slug);
        expect((await rooms().findOneByOrFail({ slug })).name).toBe(name.trim());
      });

      it('is cut to 50 characters, with no trailing "-"', async () => {
        // "word-" × 10 is exactly 50 characters and ends in "-".
        const name = Array(12).fill('Word').join(' ');
        const response = await admin.post('/api/rooms', { name });
        expect(response.status).toBe(201);
        const slug = response.body.room.slug as string;
        expect(slug).toBe(`${'word-'.repeat(9)}word`);
        expect(slug.length).toBeLessThanOrEqual(50);
        expect(slug).toMatch(SLUG_PATTERN);
      });

      it('is cut to exactly 50 characters when no "-" falls at the cut', async () => {
        const response = await admin.post('/api/rooms', { name: 'x'.repeat(64) });
        expect(response.status).toBe(201);
        expect(response.body.room.slug).toBe('x'.repeat(50));
      });

      it.each([['!!!'], ['日本'], ['---'], ['🙂🙂']])(
        'is impossible for "%s": 400 without a slug, 201 with one',
        async (name) => {
          await expectRefused({ name });
          const slug = `explicit-${[...name].map((c) => c.codePointAt(0)).join('-')}`;
          const response = await admin.post('/api/rooms', { name, slug });
          expect(response.status).toBe(201);
          expect(response.body.room).toEqual({ id: expect.any(Number), name, slug });
        },
      );
    });

    describe('explicit slug', () => {
      it('is used as given', async () => {
        const response = await admin.post('/api/rooms', { name: 'Off Topic Two', slug: 'ot-2' });
        expect(response.status).toBe(201);
        expect(response.body.room).toMatchObject({ name: 'Off Topic Two', slug: 'ot-2' });
        expect(await rooms().findOneBy({ slug: 'off-topic-two' })).toBeNull();
      });

      it('may be 50 characters', async () => {
        const slug = `${'ab-'.repeat(16)}cd`;
        expect(slug).toHaveLength(50);
        const response = await admin.post('/api/rooms', { name: 'Fifty', slug });
        expect(response.status).toBe(201);
        expect(response.body.room.slug).toBe(slug);
      });

      it.each([
        ['with a space and capitals', 'Bad Slug'],
        ['capitals', 'BadSlug'],
        ['a double "-"', 'a--b'],
        ['a leading "-"', '-a'],
        ['a trailing "-"', 'a-'],
        ['an underscore', 'a_b'],
        ['an accent', 'café'],
        ['a slash', 'a/b'],
        ['51 characters', 'a'.repeat(51)],
        ['empty', ''],
        ['a number', 42],
        ['an array', ['good-slug']],
        ['null (absent derives one; null is an error)', null],
      ])('is refused with 400 when it has %s, and nothing is created', async (_, slug) => {
        await expectRefused({ name: 'Some Valid Name', slug });
        expect(await rooms().findOneBy({ name: 'Some Valid Name' })).toBeNull();
      });
    });

    describe('a slug that exists', () => {
      it('answers 409 when given, and changes nothing', async () => {
        const original = await createRoom(admin, { name: 'Original', slug: 'taken' });
        await expectRefused({ name: 'Impostor', slug: 'taken' }, 409);
        expect(await rooms().findOneByOrFail({ slug: 'taken' })).toMatchObject({
          id: original.id,
          name: 'Original',
        });
        expect(await rooms().findOneBy({ name: 'Impostor' })).toBeNull();
      });

      it('answers 409 when derived from the name, and changes nothing', async () => {
        // "Lobby" exists from beforeAll; "LOBBY!" derives the same slug.
        await expectRefused({ name: 'LOBBY!' }, 409);
        const response = await admin.post('/api/rooms', { name: 'Lobby' });
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
        expect(await rooms().findBy({ slug: 'lobby' })).toEqual([
          expect.objectContaining({ id: lobby.id, name: 'Lobby' }),
        ]);
      });

      it('allows two rooms with the same name under different slugs', async () => {
        const response = await admin.post('/api/rooms', { name: 'Lobby', slug: 'lobby-annex' });
        expect(response.status).toBe(201);
        expect(await rooms().countBy({ name: 'Lobby' })).toBe(2);
      });
    });

    it.each([
      ['an id', { name: 'Extra Id', id: 999 }],
      ['a createdAt', { name: 'Extra Date', createdAt: '2020-01-01T00:00:00Z' }],
      ['a description', { name: 'Extra Text', description: 'hello' }],
    ])(
      'refuses a body with %s (an unknown field) with 400 and creates nothing',
      async (_, body) => {
        await expectRefused(body);
        expect(await rooms().findOneBy({ name: body.name })).toBeNull();
      },
    );

    it('refuses a JSON array body with 400', async () => {
      await expectRefused([{ name: 'Lobby 4' }]);
    });
  });
});
