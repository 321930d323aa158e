import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, uniqueName } from './helpers/api-client';
import { createRoom, RoomBody, signUp, SignedUpUser } from './helpers/chat-fixtures';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

/**
 * One browser, two tabs, one session cookie: a tab still showing Alice after Bob logged
 * in in the other tab says whom it expects (X-Chat-User), and the server refuses to let
 * it act as Bob.
 */
describe('X-Chat-User: the user the page expects', () => {
  let testApp: TestApp;
  let admin: SignedUpUser;
  let room: RoomBody;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await signUp(testApp.url, 'admin');
    room = await createRoom(admin.client, { name: 'Shared browser' });
  });

  afterAll(() => stopTestApp(testApp));

  async function storedContents(): Promise<string[]> {
    const response = await admin.client.get(`/api/rooms/${room.slug}/messages`);
    return (response.body.messages as { content: string }[]).map((m) => m.content);
  }

  it('lets the page act while the session is the user it expects, and after another login, refuses everything but changes nothing', async () => {
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    const browser = new ApiClient(testApp.url);
    const alice = (await browser.signup(aliceName)).body.user as { id: number };
    const bobBrowser = new ApiClient(testApp.url);
    const bob = (await bobBrowser.signup(bobName)).body.user as { id: number };

    browser.headers['X-Chat-User'] = String(alice.id);
    const first = await browser.post(`/api/rooms/${room.slug}/messages`, {
      content: 'from alice',
      clientId: randomUUID(),
    });
    expect(first.status).toBe(201);
    expect((await browser.get('/api/sync')).status).toBe(200);

    // The other tab logs in as Bob: the cookie is Bob's now, this tab still expects Alice.
    delete browser.headers['X-Chat-User'];
    expect((await browser.login(bobName)).status).toBe(200);
    browser.headers['X-Chat-User'] = String(alice.id);
    const before = await storedContents();
    const refused = [
      await browser.post(`/api/rooms/${room.slug}/messages`, {
        content: 'alice queued this',
        clientId: randomUUID(),
      }),
      await browser.get('/api/sync'),
      await browser.get(`/api/rooms/${room.slug}/messages`),
      await browser.post(`/api/rooms/${room.slug}/read`, { seq: 1 }),
      await browser.post(`/api/rooms/${room.slug}/typing`),
      await browser.patch(`/api/rooms/${room.slug}/messages/${first.body.message.id}`, {
        content: 'changed',
      }),
      await browser.delete(`/api/rooms/${room.slug}/messages/${first.body.message.id}`),
      await browser.get('/api/auth/me'),
      await browser.post('/api/auth/logout'),
    ];
    for (const [index, response] of refused.entries()) {
      expect(response.status, `request ${index}`).toBe(401);
      expect(response.body).toMatchObject({
        statusCode: 401,
        message: 'Logged in as someone else in another tab',
      });
    }
    expect(await storedContents()).toEqual(before);
    // Bob is still logged in (the stale tab's logout was refused too).
    delete browser.headers['X-Chat-User'];
    expect((await browser.get('/api/auth/me')).body.user.id).toBe(bob.id);

    // Expecting Bob, or nothing (an older page), the session acts as Bob.
    browser.headers['X-Chat-User'] = String(bob.id);
    const asBob = await browser.post(`/api/rooms/${room.slug}/messages`, {
      content: 'from bob',
      clientId: randomUUID(),
    });
    expect(asBob.status).toBe(201);
    expect(asBob.body.message.username).toBe(bobName);
  });

  it('refuses odd values, and ignores the header on public routes such as login', async () => {
    const browser = new ApiClient(testApp.url);
    const name = uniqueName('carol');
    const carol = (await browser.signup(name)).body.user as { id: number };
    for (const value of ['', '0', `0${carol.id}`, `${carol.id}x`, 'x'.repeat(5000)]) {
      browser.headers['X-Chat-User'] = value;
      const response = await browser.get('/api/sync');
      expect(response.status, JSON.stringify(value.slice(0, 20))).toBe(401);
    }
    browser.headers['X-Chat-User'] = '999999';
    expect((await browser.get('/api/health')).status).toBe(200);
    expect((await browser.login(name)).status).toBe(200);
  });
});
