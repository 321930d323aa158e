import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, uniqueName } from './helpers/api-client';
import { createRoom, signUp, SignedUpUser } from './helpers/chat-fixtures';
import { rawPost } from './helpers/cookies';
import { fingerprintDatabase } from './helpers/db-fingerprint';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { query } from './helpers/sql';

// Input that no route can accept: each case used to be a 500 or silently stored
// as something else. Every refusal is a 400 in the API's error shape and changes
// nothing in the database.

function expectBadRequest(response: request.Response, message: RegExp): void {
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  expect(String(response.body.message)).toMatch(message);
}

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('hostile input', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;
  let member: SignedUpUser;
  const slug = 'hostile';

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await signUp(testApp.url, 'admin');
    member = await signUp(testApp.url, 'member');
    await createRoom(admin.client, { name: 'Hostile', slug });
  });
  afterAll(() => stopTestApp(testApp));

  /** Every JSON route, with the client allowed to call it. */
  const routes = () =>
    [
      ['/api/auth/signup', member.client],
      ['/api/auth/login', member.client],
      ['/api/auth/logout', member.client],
      ['/api/rooms', admin.client],
      [`/api/rooms/${slug}/messages`, member.client],
    ] as const;

  /** Sends the raw body on every route; expects 400 matching `message` and nothing changed. */
  async function expectRefusedEverywhere(body: string | Buffer, message: RegExp): Promise<void> {
    for (const [path, client] of routes()) {
      const before = await fingerprintDatabase(testApp.dataSource);
      const response = await rawPost(client, path)
        .type('application/json')
        .serialize((raw: string) => raw) // bytes as given (a Buffer too), not JSON of a Buffer
        .send(body);
      expectBadRequest(response, message);
      expect(await fingerprintDatabase(testApp.dataSource)).toEqual(before);
    }
    expect((await member.client.get('/api/auth/me')).status).toBe(200);
  }

  describe('deep nesting (once a RangeError in class-transformer: 500, 90 ms of CPU each)', () => {
    it.each([
      ['arrays 1,316 deep in a known field', `{"content":${nestedArrays(1316)}}`],
      ['arrays 5,000 deep in an unknown field', `{"content":"hi","x":${nestedArrays(5000)}}`],
      ['objects 5,000 deep', `{"username":${nestedObjects(5000)},"password":"x"}`],
      ['a top-level array 3,000 deep', nestedArrays(3000)],
    ])('is refused with 400 on every route: %s', async (_, body) => {
      await expectRefusedEverywhere(body, /nested more than 32 levels deep/);
    });

    it('allows 32 levels: the usual validation answers, not the depth check', async () => {
      const deepest = `{"content":"hi","x":${nestedObjects(31)}}`;
      const response = await rawPost(member.client, `/api/rooms/${slug}/messages`)
        .type('application/json')
        .send(deepest);
      expectBadRequest(response, /property x should not exist/);
      const tooDeep = `{"content":"hi","x":${nestedObjects(32)}}`;
      const refused = await rawPost(member.client, `/api/rooms/${slug}/messages`)
        .type('application/json')
        .send(tooDeep);
      expectBadRequest(refused, /nested more than 32 levels deep/);
    });

    it('is refused in a query string too (repeated keys make arrays, never deeper)', async () => {
      const response = await member.client.get(
        `/api/rooms/${slug}/messages?after=1&after=2&${'x=1&'.repeat(50)}`,
      );
      expect(response.status).toBe(400);
    });
  });

  describe('a crafted session cookie (cookie-parser made `j:1` a number: 500 everywhere)', () => {
    const cookies = [
      'chat.sid=j:1',
      'chat.sid=j:{"a":1}',
      'chat.sid=j:[1,2]',
      'chat.sid=j:null',
      'chat.sid=s:j:1',
      'chat.sid=s:abc.def',
      'chat.sid=%E0%A4%A',
      'chat.sid=; chat.sid=j:1',
      'XSRF-TOKEN=j:1',
    ];

    it.each(cookies)('%s: health is 200, a private route 401, a POST 403', async (cookie) => {
      const before = await fingerprintDatabase(testApp.dataSource);
      const health = await request(testApp.url).get('/api/health').set('Cookie', cookie);
      expect(health.status).toBe(200);
      const me = await request(testApp.url).get('/api/auth/me').set('Cookie', cookie);
      expect(me.status).toBe(401);
      expect(me.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      const post = await request(testApp.url)
        .post(`/api/rooms/${slug}/messages`)
        .set('Cookie', cookie)
        .set('X-XSRF-TOKEN', 'j:1')
        .send({ content: 'forged' });
      expect(post.status).toBe(403);
      expect(await fingerprintDatabase(testApp.dataSource)).toEqual(before);
    });

    it('of 4,000 characters is no session either', async () => {
      const response = await request(testApp.url)
        .get('/api/auth/me')
        .set('Cookie', `chat.sid=s:${'x'.repeat(4000)}`);
      expect(response.status).toBe(401);
    });

    it('next to a real session cookie does not disturb it', async () => {
      const response = await request(testApp.url)
        .get('/api/auth/me')
        .set('Cookie', `XSRF-TOKEN=j:1; ${member.client.sessionCookie}; other=j:{"x":1}`);
      expect(response.status).toBe(200);
      expect(response.body.user.username).toBe(member.user.username);
    });
  });

  describe('fields named after Object.prototype members (dropped, not refused, before)', () => {
    const names = [
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
    ];

    it.each(names)('%s in a body is refused with 400 on every route', async (name) => {
      await expectRefusedEverywhere(
        `{"username":"${uniqueName()}","password":"correct horse 1","content":"hi","name":"Room","${name}":{"isAdmin":true}}`,
        new RegExp(`property ${name} should not exist`),
      );
    });

    it.each(names)('%s in a nested object is refused too', async (name) => {
      const response = await rawPost(member.client, `/api/rooms/${slug}/messages`)
        .type('application/json')
        .send(`{"content":{"text":"hi","${name}":1}}`);
      expectBadRequest(response, new RegExp(`property ${name} should not exist`));
    });

    it.each(names)('%s in a query string is refused with 400', async (name) => {
      for (const path of [
        `/api/rooms/${slug}/messages?after=0&${name}=1`,
        `/api/rooms?${name}=1`,
      ]) {
        const response = await member.client.get(path);
        expectBadRequest(response, new RegExp(`property ${name} should not exist`));
      }
    });

    it('a sign-up with __proto__.isAdmin makes no admin and no user', async () => {
      const username = uniqueName('proto');
      const client = new ApiClient(testApp.url);
      await client.get('/api/auth/me');
      const withToken = await rawPost(client, '/api/auth/signup')
        .set('Cookie', `XSRF-TOKEN=${client.csrfToken}`)
        .type('application/json')
        .send(
          `{"username":"${username}","password":"correct horse 1","__proto__":{"isAdmin":true}}`,
        );
      expectBadRequest(withToken, /property __proto__ should not exist/);
      const users = await query(
        testApp.dataSource,
        'SELECT id FROM users WHERE "usernameKey" = ?',
        [username.toLowerCase()],
      );
      expect(users).toEqual([]);
    });
  });

  describe('text that is not what it seems', () => {
    it('a lone surrogate in any string field is refused, in every position', async () => {
      for (const lone of ['\\ud800', '\\udfff', 'a\\ud83d', '\\ude00b']) {
        await expectRefusedEverywhere(
          `{"username":"x${lone}y","password":"pass${lone}word","content":"hi${lone}","name":"Room${lone}"}`,
          /is not well-formed text/,
        );
      }
    });

    it('so two passwords that differ only in a lone surrogate can no longer share an account', async () => {
      // JSON.stringify escapes a lone surrogate ("\\ud800"), which JSON.parse turns back into one.
      const username = uniqueName('surrogate');
      const refused = await new ApiClient(testApp.url).signup(username, 'secret \ud800 one');
      expectBadRequest(refused, /password is not well-formed text/);
      expect((await new ApiClient(testApp.url).signup(username, 'secret \ufffd one')).status).toBe(
        201,
      );
      const login = await new ApiClient(testApp.url).login(username, 'secret \udbff one');
      expectBadRequest(login, /password is not well-formed text/);
    });

    it('a surrogate pair (an emoji) is text and is stored as sent', async () => {
      const response = await member.client.post(`/api/rooms/${slug}/messages`, {
        content: 'ok 😀 \u{1F468}\u200D\u{1F469}',
      });
      expect(response.status).toBe(201);
      expect(response.body.message.content).toBe('ok 😀 \u{1F468}\u200D\u{1F469}');
    });

    it('a NUL character in any string field is refused', async () => {
      await expectRefusedEverywhere(
        '{"username":"a\\u0000b","password":"pass\\u0000word","content":"a\\u0000b","name":"a\\u0000b"}',
        /is not well-formed text/,
      );
    });

    it.each([
      [
        'a lone continuation byte',
        Buffer.from([0x7b, 0x22, 0x63, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]),
      ],
      ['an overlong encoding', Buffer.from('{"content":"\xC0\xAF"}', 'latin1')],
      ['an encoded surrogate (CESU-8)', Buffer.from('{"content":"\xED\xA0\x80"}', 'latin1')],
      ['a truncated sequence', Buffer.from('{"content":"\xE2\x82"}', 'latin1')],
      ['Latin-1 text', Buffer.from('{"content":"caf\xE9","name":"caf\xE9"}', 'latin1')],
    ])('a body that is not UTF-8 is refused, not "repaired" with U+FFFD: %s', async (_, bytes) => {
      await expectRefusedEverywhere(bytes, /not valid UTF-8/);
    });

    it.each(['utf-16', 'utf-16le', 'UTF-7', 'latin1'])(
      'a body declared in another charset (%s) is refused with 415, even when its bytes are UTF-8',
      async (charset) => {
        const before = await fingerprintDatabase(testApp.dataSource);
        const response = await rawPost(member.client, `/api/rooms/${slug}/messages`)
          .set('Content-Type', `application/json; charset=${charset}`)
          .send('{"content":"x+A-y"}');
        expect(response.status).toBe(415);
        expect(response.body).toMatchObject({ statusCode: 415 });
        expect(await fingerprintDatabase(testApp.dataSource)).toEqual(before);
        const utf8 = await rawPost(member.client, `/api/rooms/${slug}/messages`)
          .set('Content-Type', 'application/json; charset="UTF-8"')
          .send('{"content":"x+A-y"}');
        expect(utf8.status).toBe(201);
        expect(utf8.body.message.content).toBe('x+A-y');
      },
    );

    it.each([
      ['zero-width spaces', '\u200b\u200b\u200b'],
      ['zero-width joiners and a word joiner', '\u200d\u200c\u2060'],
      ['a byte-order mark and soft hyphens', '\ufeff\u00ad\u00ad'],
      ['Hangul fillers', '\u3164\u3164'],
      ['spaces around zero-width characters', '  \u200b \u200b  '],
    ])('a message of only %s is blank', async (_, content) => {
      const before = await fingerprintDatabase(testApp.dataSource);
      const response = await member.client.post(`/api/rooms/${slug}/messages`, { content });
      expectBadRequest(response, /content must not be blank/);
      const room = await admin.client.post('/api/rooms', { name: content, slug: 'invisible' });
      expectBadRequest(room, /name must not be blank/);
      expect(await fingerprintDatabase(testApp.dataSource)).toEqual(before);
    });
  });

  describe('paths that name no room', () => {
    it.each(['%00', '%ED%A0%80', 'GENERAL', 'a'.repeat(51), '..%2F..%2Fetc', 'a%20b', '%25'])(
      '/api/rooms/%s is 400 or 404, never a lookup gone wrong',
      async (segment) => {
        const room = await member.client.get(`/api/rooms/${segment}`);
        expect([400, 404]).toContain(room.status);
        const messages = await member.client.get(`/api/rooms/${segment}/messages`);
        expect([400, 404]).toContain(messages.status);
      },
    );
  });
});
