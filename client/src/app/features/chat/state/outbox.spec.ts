import { HttpHeaders, provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  TestRequest,
} from '@angular/common/http/testing';
import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Message, User } from '../../../core/api/api-types';
import { SessionStore } from '../../../core/auth/session-store';
import {
  Outbox,
  OutboxEntry,
  SEND_RETRY_DELAYS_MS,
  SEND_TIMEOUT_MS,
  STALE_AFTER_MS,
} from './outbox';
import { testMessage } from '../../../testing/messages';

const ann: User = { id: 7, username: 'ann', isAdmin: false };
const bob: User = { id: 8, username: 'bob', isAdmin: false };
const offline = new ProgressEvent('error');
const unavailable = { status: 503, statusText: 'Service Unavailable' };

function stored(seq: number, slug: string, content: string, clientId: string): Message {
  return testMessage(seq, 'ann', { content, clientId });
}

describe('Outbox', () => {
  let http: HttpTestingController;
  let delivered: { slug: string; content: string; clientId?: string }[];
  let seq: number;

  /** Lets the outbox's awaits run (no time passes). */
  const settle = () => vi.advanceTimersByTimeAsync(0);
  const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  function logIn(user: User): void {
    TestBed.inject(SessionStore).login({ username: user.username, password: 'secret' }).subscribe();
    http.expectOne('/api/auth/login').flush({ user });
  }

  /** An outbox as the chat shell makes one (a reload makes another); destroyed with its injector. */
  function create(): { outbox: Outbox; injector: EnvironmentInjector } {
    const injector = createEnvironmentInjector([Outbox], TestBed.inject(EnvironmentInjector));
    const outbox = injector.get(Outbox);
    outbox.deliveries.subscribe(({ slug, message }) =>
      delivered.push({ slug, content: message.content, clientId: message.clientId }),
    );
    return { outbox, injector };
  }

  /** The one send in flight: there is never more than one, whatever the room. */
  function expectSend(): TestRequest {
    const sends = http.match(
      (request) => request.method === 'POST' && /\/messages$/.test(request.url),
    );
    expect(sends).toHaveLength(1);
    return sends[0];
  }

  function expectNoSend(): void {
    expect(
      http.match((request) => request.method === 'POST' && /\/messages$/.test(request.url)),
    ).toEqual([]);
  }

  const body = (request: TestRequest) =>
    request.request.body as { content: string; clientId: string };

  /** The server stores it (or had already: a replay answers the same). */
  function accept(request: TestRequest): void {
    const { content, clientId } = body(request);
    const slug = decodeURIComponent(request.request.url.split('/')[3]);
    request.flush({ message: stored(++seq, slug, content, clientId) });
  }

  const keys = () =>
    Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index)!).sort();
  const contents = (outbox: Outbox) => outbox.all().map((entry) => entry.content);

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    delivered = [];
    seq = 0;
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    logIn(ann);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  describe('sending', () => {
    it('shows each message at once as sending, and sends them one at a time, in order', async () => {
      const { outbox } = create();
      const a = outbox.add('general', 'one');
      outbox.add('general', 'two');
      outbox.add('random', 'three');
      expect(a.clientId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(outbox.all().map((entry) => entry.state)).toEqual(['sending', 'sending', 'sending']);
      expect(outbox.pending()).toBe(3);
      expect(outbox.forRoom('general').map((entry) => entry.content)).toEqual(['one', 'two']);

      const first = expectSend();
      expect(first.request.url).toBe('/api/rooms/general/messages');
      expect(body(first)).toEqual({ content: 'one', clientId: a.clientId });
      accept(first);
      await settle();
      const second = expectSend();
      expect(body(second).content).toBe('two');
      accept(second);
      await settle();
      const third = expectSend();
      expect(third.request.url).toBe('/api/rooms/random/messages');
      accept(third);
      await settle();

      expect(delivered.map((d) => [d.slug, d.content])).toEqual([
        ['general', 'one'],
        ['general', 'two'],
        ['random', 'three'],
      ]);
      expect(outbox.all()).toEqual([]);
      expect(keys()).toEqual([]);
      http.verify();
    });

    it('keeps each message in this browser, per user, until the server has it', async () => {
      const { outbox } = create();
      const entry = outbox.add('general', 'hello');
      expect(keys()).toEqual([`chat.outbox.7.${entry.clientId}`]);
      expect(JSON.parse(localStorage.getItem(keys()[0])!)).toMatchObject({
        clientId: entry.clientId,
        slug: 'general',
        content: 'hello',
        state: 'sending',
      });
      accept(expectSend());
      await settle();
      expect(keys()).toEqual([]);
    });

    it('sends again with the same clientId after no answer, and delivers a replayed answer once', async () => {
      const { outbox } = create();
      const { clientId } = outbox.add('general', 'hello');
      expectSend().error(offline); // the server may have stored it all the same
      await settle();

      await wait(SEND_RETRY_DELAYS_MS[0] - 1);
      expectNoSend();
      await wait(1);
      const second = expectSend();
      expect(body(second)).toEqual({ content: 'hello', clientId });
      second.flush(null, unavailable);
      await settle();

      await wait(SEND_RETRY_DELAYS_MS[1] - 1);
      expectNoSend();
      await wait(1);
      const third = expectSend();
      expect(body(third)).toEqual({ content: 'hello', clientId });
      accept(third); // 200: the message stored by the first attempt
      await settle();

      expect(delivered).toEqual([{ slug: 'general', content: 'hello', clientId }]);
      expect(outbox.all()).toEqual([]);
      await wait(60_000);
      http.verify();
    });

    it('waits as long as the server’s Retry-After says (capped at 30 s)', async () => {
      const { outbox } = create();
      outbox.add('general', 'hello');
      expectSend().flush(
        { statusCode: 429, message: 'Too many messages' },
        { status: 429, statusText: '', headers: new HttpHeaders({ 'Retry-After': '5' }) },
      );
      await settle();
      await wait(4999);
      expectNoSend();
      await wait(1);
      expectSend().flush(null, {
        ...unavailable,
        headers: new HttpHeaders({ 'Retry-After': '3600' }),
      });
      await settle();
      await wait(29_999);
      expectNoSend();
      await wait(1);
      accept(expectSend());
      await settle();
      expect(outbox.all()).toEqual([]);
    });

    it('fails for want of a connection after the retries, holding back later messages until resumed', async () => {
      const { outbox } = create();
      const first = outbox.add('general', 'one');
      outbox.add('general', 'two');
      expectSend().error(offline);
      await wait(SEND_RETRY_DELAYS_MS[0]);
      expectSend().error(offline);
      await wait(SEND_RETRY_DELAYS_MS[1]);
      expectSend().flush(null, { status: 502, statusText: 'Bad Gateway' });
      await settle();

      expect(outbox.all()[0]).toMatchObject({
        clientId: first.clientId,
        state: 'failed',
        retryable: true,
        error: 'No connection',
      });
      expect(outbox.all()[1].state).toBe('sending');
      outbox.add('random', 'three'); // written while failing: held back too
      await wait(60_000);
      expectNoSend();

      outbox.resume();
      const again = expectSend();
      expect(body(again)).toEqual({ content: 'one', clientId: first.clientId });
      expect(outbox.all()[0].state).toBe('sending');
      accept(again);
      await settle();
      accept(expectSend());
      await settle();
      accept(expectSend());
      await settle();
      expect(delivered.map((d) => d.content)).toEqual(['one', 'two', 'three']);
      expect(keys()).toEqual([]);
    });

    it('holds later messages back behind a server failure (5xx) or a send with no answer in time', async () => {
      const { outbox } = create();
      outbox.add('general', 'one');
      outbox.add('general', 'two');
      expectSend().flush(null, { status: 500, statusText: 'Internal Server Error' });
      await wait(SEND_RETRY_DELAYS_MS[0]);
      const hung = expectSend(); // never answered
      await wait(SEND_TIMEOUT_MS);
      expect(hung.cancelled).toBe(true);
      await wait(SEND_RETRY_DELAYS_MS[1]);
      expectSend().flush(null, { status: 500, statusText: 'Internal Server Error' });
      await settle();
      expect(outbox.all().map((e) => [e.content, e.state, e.retryable])).toEqual([
        ['one', 'failed', true],
        ['two', 'sending', undefined],
      ]);
      await wait(60_000);
      expectNoSend(); // "two" never overtakes "one"
      outbox.resume();
      accept(expectSend());
      await settle();
      accept(expectSend());
      await settle();
      expect(delivered.map((d) => d.content)).toEqual(['one', 'two']);
    });

    it('drops a message another tab discarded or sent, instead of sending it again', async () => {
      const { outbox } = create();
      outbox.add('general', 'one');
      const discarded = outbox.add('general', 'two');
      const first = expectSend();
      // Meanwhile, in another tab of this user: "two" is discarded (or sent) and leaves storage.
      localStorage.removeItem(`chat.outbox.7.${discarded.clientId}`);
      accept(first);
      await settle();
      expectNoSend();
      expect(contents(outbox)).toEqual([]);
      expect(delivered.map((d) => d.content)).toEqual(['one']);
    });

    it('fails at once with the server’s words when it refuses a message, without holding back the next', async () => {
      const { outbox } = create();
      const refused = outbox.add('general', 'one');
      outbox.add('general', 'two');
      expectSend().flush(
        { statusCode: 400, message: ['content must be shorter than or equal to 4000 characters'] },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();
      expect(outbox.all()[0]).toMatchObject({
        clientId: refused.clientId,
        state: 'failed',
        retryable: false,
        error: 'Content must be shorter than or equal to 4000 characters.',
      });
      expect(JSON.parse(localStorage.getItem(`chat.outbox.7.${refused.clientId}`)!)).toMatchObject({
        state: 'failed',
      });
      const next = expectSend();
      expect(body(next).content).toBe('two');
      accept(next);
      await settle();

      outbox.resume(); // a refused message does not go again by itself
      await wait(60_000);
      expectNoSend();
      expect(contents(outbox)).toEqual(['one']);
    });

    it('sends a failed message again on "retry", with the same clientId', async () => {
      const { outbox } = create();
      const entry = outbox.add('general', 'hello');
      expectSend().flush(
        { statusCode: 409, message: 'clientId already used' },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(outbox.all()[0].state).toBe('failed');

      outbox.retry(entry.clientId);
      expect(outbox.all()[0]).toMatchObject({ state: 'sending', error: undefined });
      const again = expectSend();
      expect(body(again)).toEqual({ content: 'hello', clientId: entry.clientId });
      accept(again);
      await settle();
      expect(outbox.all()).toEqual([]);
    });

    it('forgets a message on "discard", and sends the ones it held back', async () => {
      const { outbox } = create();
      const first = outbox.add('general', 'one');
      outbox.add('general', 'two');
      expectSend().error(offline);
      await wait(SEND_RETRY_DELAYS_MS[0]);
      expectSend().error(offline);
      await wait(SEND_RETRY_DELAYS_MS[1]);
      expectSend().error(offline);
      await settle();

      outbox.discard(first.clientId);
      expect(keys()).not.toContain(`chat.outbox.7.${first.clientId}`);
      const next = expectSend();
      expect(body(next).content).toBe('two');
      accept(next);
      await settle();
      expect(delivered.map((d) => d.content)).toEqual(['two']);
    });

    it('stops retrying a message discarded while it waits', async () => {
      const { outbox } = create();
      const entry = outbox.add('general', 'one');
      expectSend().error(offline);
      await settle();
      outbox.discard(entry.clientId);
      await wait(60_000);
      expectNoSend();
      expect(outbox.all()).toEqual([]);
    });
  });

  describe('acknowledged', () => {
    it('removes a message a sync brought, from the list and from storage', async () => {
      const { outbox } = create();
      outbox.add('general', 'one');
      const second = outbox.add('general', 'two');
      outbox.acknowledged(second.clientId);
      outbox.acknowledged('not-ours');
      expect(contents(outbox)).toEqual(['one']);
      expect(keys()).toHaveLength(1);
      accept(expectSend());
      await settle();
      expectNoSend();
    });

    it('does not send again a message the server turned out to have while it waited to retry', async () => {
      const { outbox } = create();
      const entry = outbox.add('general', 'one');
      outbox.add('general', 'two');
      expectSend().error(offline);
      await settle();
      outbox.acknowledged(entry.clientId);
      await wait(SEND_RETRY_DELAYS_MS[0]);
      const next = expectSend();
      expect(body(next).content).toBe('two');
    });
  });

  describe('the session', () => {
    it('stops at a 401 and keeps every message for after the next login', async () => {
      const { outbox } = create();
      const first = outbox.add('general', 'one');
      const second = outbox.add('general', 'two');
      expectSend().flush(null, { status: 401, statusText: 'Unauthorized' });
      await settle();
      await wait(60_000);
      expectNoSend();
      outbox.add('general', 'three');
      await wait(60_000);
      expectNoSend();
      expect(contents(outbox)).toEqual(['one', 'two', 'three']);
      expect(keys()).toHaveLength(3);

      // After the next login the chat makes a new outbox: everything goes, in order.
      logIn(ann);
      const { outbox: next } = create();
      expect(contents(next)).toEqual(['one', 'two', 'three']);
      const resent = expectSend();
      expect(body(resent)).toEqual({ content: 'one', clientId: first.clientId });
      accept(resent);
      await settle();
      expect(body(expectSend()).clientId).toBe(second.clientId);
    });

    it('loads only this user’s messages', () => {
      localStorage.setItem('chat.outbox.8.x', JSON.stringify(entry('x', 'bob’s', 1)));
      localStorage.setItem('chat.outbox.70.y', JSON.stringify(entry('y', 'user 70’s', 2)));
      localStorage.setItem('chat.outbox.7.z', JSON.stringify(entry('z', 'ann’s', 3)));
      const { outbox } = create();
      expect(contents(outbox)).toEqual(['ann’s']);
      expect(body(expectSend()).clientId).toBe('z');
    });

    it('keeps another user’s messages out of this user’s outbox', async () => {
      const { outbox, injector } = create();
      outbox.add('general', 'ann’s');
      expectSend().flush(null, { status: 401, statusText: 'Unauthorized' });
      await settle();
      injector.destroy();

      logIn(bob);
      const { outbox: bobs } = create();
      expect(bobs.all()).toEqual([]);
      bobs.add('general', 'bob’s');
      expect(keys().filter((key) => key.startsWith('chat.outbox.8.'))).toHaveLength(1);
      expect(keys().filter((key) => key.startsWith('chat.outbox.7.'))).toHaveLength(1);
    });
  });

  describe('after a reload', () => {
    it('restores what was left, oldest first, skipping values that are not entries', async () => {
      localStorage.setItem('chat.outbox.7.c', JSON.stringify(entry('c', 'third', 30)));
      localStorage.setItem('chat.outbox.7.a', JSON.stringify(entry('a', 'first', 10)));
      localStorage.setItem('chat.outbox.7.b', JSON.stringify(entry('b', 'second', 20)));
      localStorage.setItem('chat.outbox.7.bad1', '{not json');
      localStorage.setItem('chat.outbox.7.bad2', 'null');
      localStorage.setItem('chat.outbox.7.bad3', JSON.stringify('text'));
      localStorage.setItem(
        'chat.outbox.7.bad4',
        JSON.stringify({ ...entry('d', 'x', 5), state: 'sent' }),
      );
      localStorage.setItem(
        'chat.outbox.7.bad5',
        JSON.stringify({ ...entry('e', 'x', 5), createdAt: '5' }),
      );
      localStorage.setItem('chat.outbox.7.bad6', JSON.stringify({ clientId: 'f' }));

      const { outbox } = create();
      expect(contents(outbox)).toEqual(['first', 'second', 'third']);
      for (const content of ['first', 'second', 'third']) {
        const send = expectSend();
        expect(body(send).content).toBe(content);
        accept(send);
        await settle();
      }
      expect(delivered.map((d) => d.clientId)).toEqual(['a', 'b', 'c']);
    });

    it('sends again what failed for want of a connection; what the server refused stays failed', async () => {
      localStorage.setItem(
        'chat.outbox.7.a',
        JSON.stringify({
          ...entry('a', 'refused', 10),
          state: 'failed',
          retryable: false,
          error: 'Too long.',
        }),
      );
      localStorage.setItem(
        'chat.outbox.7.b',
        JSON.stringify({
          ...entry('b', 'offline', 20),
          state: 'failed',
          retryable: true,
          error: 'No connection',
        }),
      );
      const { outbox } = create();
      expect(outbox.all().map((e) => [e.content, e.state])).toEqual([
        ['refused', 'failed'],
        ['offline', 'sending'],
      ]);
      expect(outbox.all()[0].error).toBe('Too long.');
      const send = expectSend();
      expect(body(send)).toEqual({ content: 'offline', clientId: 'b' });
      accept(send);
      await settle();
      expect(contents(outbox)).toEqual(['refused']);
    });

    it('leaves a message written long ago for the user to retry, holding nothing back', async () => {
      localStorage.setItem(
        'chat.outbox.7.a',
        JSON.stringify(entry('a', 'from last week', 0, STALE_AFTER_MS + 1)),
      );
      localStorage.setItem('chat.outbox.7.b', JSON.stringify(entry('b', 'from just now', 0)));
      const { outbox } = create();
      expect(outbox.all().map((e) => [e.content, e.state, e.error])).toEqual([
        ['from last week', 'failed', 'Not sent in time'],
        ['from just now', 'sending', undefined],
      ]);
      const send = expectSend();
      expect(body(send).content).toBe('from just now');
      accept(send);
      await settle();
      outbox.retry('a');
      expect(body(expectSend())).toEqual({ content: 'from last week', clientId: 'a' });
    });

    it('writes new messages after the restored ones', () => {
      localStorage.setItem('chat.outbox.7.a', JSON.stringify(entry('a', 'old', 120_000)));
      const { outbox } = create();
      outbox.add('general', 'new');
      expect(contents(outbox)).toEqual(['old', 'new']);
      const [old, added] = outbox.all();
      expect(added.createdAt).toBeGreaterThan(old.createdAt);
    });
  });

  it('sends all the same when localStorage throws', async () => {
    const fail = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    vi.stubGlobal('localStorage', {
      getItem: fail,
      setItem: fail,
      removeItem: fail,
      key: fail,
      get length(): number {
        return fail();
      },
    });
    const { outbox } = create();
    outbox.add('general', 'one');
    outbox.add('general', 'two');
    expect(contents(outbox)).toEqual(['one', 'two']);
    accept(expectSend());
    await settle();
    accept(expectSend());
    await settle();
    expect(delivered.map((d) => d.content)).toEqual(['one', 'two']);
    expect(outbox.all()).toEqual([]);
  });
});

/** An entry written `ago` ms before the test's clock (a minute, by default: not stale). */
function entry(clientId: string, content: string, order: number, ago = 60_000): OutboxEntry {
  return {
    clientId,
    slug: 'general',
    content,
    createdAt: Date.now() - ago + order,
    state: 'sending',
  };
}
