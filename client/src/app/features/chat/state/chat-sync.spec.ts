import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  TestRequest,
} from '@angular/common/http/testing';
import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Message, RoomSummary, SyncResponse, SyncRoom, User } from '../../../core/api/api-types';
import { SessionStore } from '../../../core/auth/session-store';
import { ChatSync, POLL_INTERVAL_MS, SyncApplied, TYPING_EVERY_MS } from './chat-sync';
import { Outbox, SEND_RETRY_DELAYS_MS } from './outbox';
import { testMessage, testMessages } from '../../../testing/messages';

const me: User = { id: 7, username: 'me', isAdmin: false };
const serverError = { status: 500, statusText: 'Internal Server Error' };
const noContent = { status: 204, statusText: 'No Content' };
const offline = new ProgressEvent('error');

/** Message ids are their seq plus 1000 (plus 100000 outside "general"): a mix-up shows. */
const message = testMessage;
const range = testMessages;

function inRoom(messages: Message[], offset: number): Message[] {
  return messages.map((m) => ({ ...m, id: m.id + offset }));
}

function summary(slug: string, lastSeq: number, extra: Partial<RoomSummary> = {}): RoomSummary {
  const name = slug.charAt(0).toUpperCase() + slug.slice(1);
  return { slug, name, lastSeq, readSeq: lastSeq, unread: 0, mentions: 0, ...extra };
}

interface Answer {
  cursor: string;
  reset?: boolean;
  room?: (Partial<SyncRoom> & { slug: string }) | null;
  rooms?: RoomSummary[];
  online?: string[];
}

function response(answer: Answer): SyncResponse {
  return {
    cursor: answer.cursor,
    reset: answer.reset ?? false,
    room: answer.room
      ? { first: false, changes: [], more: false, typing: [], ...answer.room }
      : null,
    rooms: answer.rooms ?? [],
    online: answer.online ?? ['me'],
  };
}

describe('ChatSync', () => {
  let http: HttpTestingController;
  let chat: ChatSync;
  let outbox: Outbox;
  let visibility: DocumentVisibilityState;
  let answers: SyncApplied[];

  const tick = (ms = POLL_INTERVAL_MS) => vi.advanceTimersByTime(ms);
  /** Lets the outbox's awaits run, and time pass. */
  const wait = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
  const seqs = (slug = 'general') =>
    chat
      .timeline(slug)
      .messages()
      .map((m) => m.seq);

  function logIn(user: User): void {
    TestBed.inject(SessionStore).login({ username: user.username, password: 'secret' }).subscribe();
    http.expectOne('/api/auth/login').flush({ user });
  }

  function syncs(): TestRequest[] {
    return http.match((request) => request.url === '/api/sync');
  }

  /** The one sync in flight (never two), asked with exactly these parameters. */
  function expectSync(query: { room?: string; since?: string } = {}): TestRequest {
    const pending = syncs();
    expect(pending.map((r) => r.request.urlWithParams)).toHaveLength(1);
    const params = pending[0].request.params;
    expect({
      room: params.get('room') ?? undefined,
      since: params.get('since') ?? undefined,
    }).toEqual(query);
    return pending[0];
  }

  function answerSync(query: { room?: string; since?: string }, answer: Answer): void {
    expectSync(query).flush(response(answer));
  }

  function expectNoSync(): void {
    expect(syncs().map((r) => r.request.urlWithParams)).toEqual([]);
  }

  const urls = (requests: TestRequest[]) => requests.map((r) => r.request.urlWithParams);
  /** Note: `match` takes what it finds off the list of open requests. */
  const readsInFlight = () =>
    http.match((request) => request.method === 'POST' && request.url.endsWith('/read'));
  const sendsInFlight = () =>
    http.match((request) => request.method === 'POST' && request.url.endsWith('/messages'));
  const typingInFlight = () =>
    http.match((request) => request.method === 'POST' && request.url.endsWith('/typing'));

  /**
   * The chat as the shell starts it: the first sync (no room), then the open room's
   * first page from the cursor it gave. Leaves the cursor at 'c2'.
   */
  function boot(
    latest: Message[] = range(1, 3),
    rooms: RoomSummary[] = [summary('general', latest.at(-1)?.seq ?? 0), summary('random', 9)],
  ): void {
    chat = TestBed.inject(ChatSync);
    outbox = TestBed.inject(Outbox);
    chat.answers.subscribe((answer) => answers.push(answer));
    chat.open('general');
    answerSync({}, { cursor: 'c1', rooms });
    answerSync(
      { room: 'general', since: 'c1' },
      { cursor: 'c2', room: { slug: 'general', first: true, changes: latest } },
    );
    expectNoSync();
  }

  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    answers = [];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), ChatSync, Outbox],
    });
    http = TestBed.inject(HttpTestingController);
    logIn(me);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  describe('the poll', () => {
    it('syncs at once, then once per tick with the cursor it was given', () => {
      boot();
      expect(seqs()).toEqual([1, 2, 3]);
      expect(chat.timeline('general').loaded()).toBe(true);
      expect(chat.roomsLoaded()).toBe(true);
      expect(chat.syncedAt()).not.toBeNull();

      tick(POLL_INTERVAL_MS - 1);
      expectNoSync();
      tick(1);
      answerSync({ room: 'general', since: 'c2' }, { cursor: 'c3', room: { slug: 'general' } });
      tick();
      answerSync(
        { room: 'general', since: 'c3' },
        { cursor: 'c4', room: { slug: 'general', changes: [message(4)] } },
      );
      expect(seqs()).toEqual([1, 2, 3, 4]);
      tick();
      expectSync({ room: 'general', since: 'c4' });
    });

    it('never has two syncs in flight: a slow one spans several ticks', () => {
      boot();
      tick();
      const slow = expectSync({ room: 'general', since: 'c2' });
      tick(POLL_INTERVAL_MS * 4);
      expectNoSync();
      slow.flush(response({ cursor: 'c3', room: { slug: 'general', changes: [message(4)] } }));
      expectNoSync();
      tick();
      expectSync({ room: 'general', since: 'c3' });
    });

    it('syncs again at once while the server has more, then waits for the next tick', () => {
      boot([message(1)]);
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general', changes: range(2, 101), more: true } },
      );
      answerSync(
        { room: 'general', since: 'c3' },
        { cursor: 'c4', room: { slug: 'general', changes: range(102, 201), more: true } },
      );
      answerSync(
        { room: 'general', since: 'c4' },
        { cursor: 'c5', room: { slug: 'general', changes: [message(202)] } },
      );
      expectNoSync();
      expect(seqs()).toEqual(range(1, 202).map((m) => m.seq));
      tick(POLL_INTERVAL_MS - 1);
      expectNoSync();
      tick(1);
      expectSync({ room: 'general', since: 'c5' });
    });

    it('runs one more sync right after the one in flight when asked for one meanwhile', () => {
      boot();
      tick();
      const running = expectSync({ room: 'general', since: 'c2' });
      chat.syncNow();
      chat.syncNow();
      expectNoSync();
      running.flush(response({ cursor: 'c3', room: { slug: 'general' } }));
      answerSync({ room: 'general', since: 'c3' }, { cursor: 'c4', room: { slug: 'general' } });
      expectNoSync();
    });

    it('applies changes by id: new ones in seq order, edits replaced, tombstones in place', () => {
      boot(range(1, 4));
      tick();
      const edit = message(2, 'bob', { content: 'fixed', editedAt: '2026-01-01T12:05:00.000Z' });
      const tombstone = message(3, 'bob', { content: '', deleted: true });
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: { slug: 'general', changes: [edit, message(6), tombstone, message(5)] },
        },
      );
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(chat.timeline('general').messages()[1]).toEqual(edit);
      expect(chat.timeline('general').messages()[2]).toEqual(tombstone);
    });

    it('starts over from a reset: the answer replaces everything shown, older pages included', () => {
      boot(range(26, 50));
      chat.loadOlder('general');
      http.expectOne('/api/rooms/general/messages?beforeSeq=26').flush({ messages: range(1, 25) });
      expect(seqs()).toEqual(range(1, 50).map((m) => m.seq));
      chat.loadOlder('general');
      const older = http.expectOne('/api/rooms/general/messages?beforeSeq=1');

      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'fresh',
          reset: true,
          room: { slug: 'general', first: true, changes: range(1, 3) },
          rooms: [summary('general', 3)],
        },
      );
      expect(seqs()).toEqual([1, 2, 3]);
      expect(older.cancelled).toBe(true);
      expect(chat.timeline('general').loadingOlder()).toBe(false);
      expect(chat.timeline('general').hasOlder()).toBe(false);
      // Every room comes again in a reset: the list is the answer's, not a merge.
      expect(chat.rooms().map((room) => room.slug)).toEqual(['general']);
      expect(answers.at(-1)?.previous).toBeNull();

      tick();
      answerSync(
        { room: 'general', since: 'fresh' },
        { cursor: 'fresh2', room: { slug: 'general', changes: [message(4)] } },
      );
      expect(seqs()).toEqual([1, 2, 3, 4]);
    });

    it('drops older pages of other rooms still on their way when a reset comes', () => {
      boot(range(26, 50));
      chat.loadOlder('general');
      const older = http.expectOne('/api/rooms/general/messages?beforeSeq=26');
      chat.open('random');
      answerSync(
        { room: 'random', since: 'c2' },
        {
          cursor: 'fresh',
          reset: true,
          room: { slug: 'random', first: true, changes: inRoom([message(1)], 100000) },
          rooms: [summary('general', 3), summary('random', 1)],
        },
      );
      // A page of the old history must not join the new one.
      if (!older.cancelled) older.flush({ messages: range(1, 25) });
      expect(seqs('general')).toEqual([]);
      expect(chat.timeline('general').loadingOlder()).toBe(false);
    });

    it('shows "reconnecting" after a failed sync, keeps syncing, and recovers with nothing lost or doubled', () => {
      boot(range(1, 2));
      tick();
      expectSync({ room: 'general', since: 'c2' }).flush(null, serverError);
      expect(chat.reconnecting()).toBe(true);
      expect(seqs()).toEqual([1, 2]);
      tick();
      expectSync({ room: 'general', since: 'c2' }).error(offline);
      expect(chat.reconnecting()).toBe(true);
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general', changes: [message(3), message(4)] } },
      );
      expect(chat.reconnecting()).toBe(false);
      expect(seqs()).toEqual([1, 2, 3, 4]);
      tick();
      answerSync({ room: 'general', since: 'c3' }, { cursor: 'c3', room: { slug: 'general' } });
      expect(seqs()).toEqual([1, 2, 3, 4]);
    });

    it('retries a failed first sync on the next tick, still without a cursor', () => {
      chat = TestBed.inject(ChatSync);
      expectSync({}).flush(null, serverError);
      expect(chat.reconnecting()).toBe(true);
      expect(chat.roomsLoaded()).toBe(false);
      tick();
      answerSync({}, { cursor: 'c1', rooms: [summary('general', 3)] });
      expect(chat.reconnecting()).toBe(false);
      expect(chat.roomsLoaded()).toBe(true);
    });

    it('starts over without a cursor when the server refuses it (400)', () => {
      boot(range(1, 3));
      tick();
      expectSync({ room: 'general', since: 'c2' }).flush(
        { statusCode: 400, message: 'since must be a cursor' },
        { status: 400, statusText: 'Bad Request' },
      );
      expect(seqs()).toEqual([1, 2, 3]);
      tick();
      answerSync(
        { room: 'general' },
        {
          cursor: 'c9',
          room: { slug: 'general', first: true, changes: range(1, 4) },
          rooms: [summary('general', 4)],
        },
      );
      expect(seqs()).toEqual([1, 2, 3, 4]);
      tick();
      expectSync({ room: 'general', since: 'c9' });
    });

    it('shows a room the server does not know as gone, and goes on syncing the others without it', () => {
      boot();
      chat.open('nowhere');
      expectSync({ room: 'nowhere', since: 'c2' }).flush(
        { statusCode: 404, message: 'Room not found' },
        { status: 404, statusText: 'Not Found' },
      );
      expect(chat.timeline('nowhere').notFound()).toBe(true);
      expect(chat.reconnecting()).toBe(false);
      // At once, not a tick later: the other rooms' counts go on.
      answerSync({ since: 'c2' }, { cursor: 'c3', rooms: [summary('random', 10, { unread: 1 })] });
      expect(chat.summary('random')?.unread).toBe(1);
      tick();
      expectSync({ since: 'c3' });
    });

    it('marks as gone the room that was asked for, not one opened while the answer was on its way', () => {
      boot();
      chat.open('nowhere');
      const asked = expectSync({ room: 'nowhere', since: 'c2' });
      chat.open('random');
      asked.flush(
        { statusCode: 404, message: 'Room not found' },
        { status: 404, statusText: 'Not Found' },
      );
      expect(chat.timeline('random').notFound()).toBe(false);
      tick();
      answerSync(
        { room: 'random', since: 'c2' },
        { cursor: 'c3', room: { slug: 'random', first: true, changes: [message(1)] } },
      );
      expect(seqs('random')).toEqual([1]);
    });

    it('asks again for a room that was not found when it is opened again (it may exist by now)', () => {
      boot();
      chat.open('new-room');
      expectSync({ room: 'new-room', since: 'c2' }).flush(
        { statusCode: 404, message: 'Room not found' },
        { status: 404, statusText: 'Not Found' },
      );
      answerSync({ since: 'c2' }, { cursor: 'c3' });
      chat.open('general');
      answerSync({ room: 'general', since: 'c3' }, { cursor: 'c4', room: { slug: 'general' } });

      // Created meanwhile (by this user in the new-room form, or by someone else).
      chat.open('new-room');
      answerSync(
        { room: 'new-room', since: 'c4' },
        {
          cursor: 'c5',
          room: { slug: 'new-room', first: true, changes: inRoom([message(1)], 200000) },
          rooms: [summary('new-room', 1)],
        },
      );
      expect(chat.timeline('new-room').notFound()).toBe(false);
      expect(seqs('new-room')).toEqual([1]);
    });

    it('syncs at once when the tab becomes visible again', () => {
      boot();
      visibility = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      expectNoSync();
      visibility = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
      expectSync({ room: 'general', since: 'c2' });
    });

    it('says "offline" when the browser does, and syncs and sends at once when the connection returns', async () => {
      boot();
      window.dispatchEvent(new Event('offline'));
      expect(chat.offline()).toBe(true);

      outbox.add('general', 'hello');
      const post = sendsInFlight();
      expect(post).toHaveLength(1);
      post[0].error(offline);
      await wait(SEND_RETRY_DELAYS_MS[0]);
      sendsInFlight()[0].error(offline);
      await wait(SEND_RETRY_DELAYS_MS[1]);
      expectSync({ room: 'general', since: 'c2' }).error(offline); // the tick at 2 s
      sendsInFlight()[0].error(offline);
      await wait();
      expect(outbox.all()[0]).toMatchObject({ state: 'failed', retryable: true });

      window.dispatchEvent(new Event('online'));
      expect(chat.offline()).toBe(false);
      expectSync({ room: 'general', since: 'c2' });
      const again = sendsInFlight();
      expect(again).toHaveLength(1);
      expect(again[0].request.body).toMatchObject({ content: 'hello' });
    });

    it('stays "offline" when an answer that was on its way arrives after the browser went offline', () => {
      boot();
      document.dispatchEvent(new Event('visibilitychange'));
      const inFlight = expectSync({ room: 'general', since: 'c2' });
      const onLine = vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false);
      try {
        window.dispatchEvent(new Event('offline'));
        inFlight.flush(response({ cursor: 'c3', room: { slug: 'general' } }));
        expect(chat.offline()).toBe(true);
      } finally {
        onLine.mockRestore();
      }
      window.dispatchEvent(new Event('online'));
      expect(chat.offline()).toBe(false);
    });

    it('sends what failed for want of a connection once a sync succeeds again', async () => {
      boot();
      outbox.add('general', 'hello');
      sendsInFlight()[0].error(offline);
      await wait(SEND_RETRY_DELAYS_MS[0]);
      sendsInFlight()[0].error(offline);
      await wait(SEND_RETRY_DELAYS_MS[1]);
      expectSync({ room: 'general', since: 'c2' }).error(offline);
      sendsInFlight()[0].error(offline);
      await wait();
      expect(chat.reconnecting()).toBe(true);
      expect(outbox.all()[0].state).toBe('failed');

      await wait(POLL_INTERVAL_MS);
      expectSync({ room: 'general', since: 'c2' }).flush(
        response({ cursor: 'c3', room: { slug: 'general' } }),
      );
      expect(sendsInFlight()).toHaveLength(1);
    });
  });

  describe('rooms and counts', () => {
    it('sorts the rooms by name, merges later answers by slug, and adds new rooms', () => {
      boot(range(1, 3), [
        summary('random', 9, { name: 'random', unread: 2 }),
        summary('room-10', 1, { name: 'Room 10' }),
        summary('general', 3),
        summary('room-9', 1, { name: 'Room 9', unread: 1, mentions: 1 }),
      ]);
      expect(chat.rooms().map((room) => room.name)).toEqual([
        'General',
        'random',
        'Room 9',
        'Room 10',
      ]);
      expect(chat.unreadTotal()).toBe(3);
      expect(chat.mentionTotal()).toBe(1);

      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: { slug: 'general' },
          rooms: [
            summary('random', 11, { name: 'random', unread: 4, mentions: 2 }),
            summary('alpha', 1, { name: 'Alpha', unread: 1 }),
          ],
        },
      );
      expect(chat.rooms().map((room) => room.slug)).toEqual([
        'alpha',
        'general',
        'random',
        'room-9',
        'room-10',
      ]);
      expect(chat.summary('random')).toMatchObject({ lastSeq: 11, unread: 4, mentions: 2 });
      expect(chat.unreadTotal()).toBe(6);
      expect(chat.mentionTotal()).toBe(3);

      // An answer that changed no room keeps the list as it was.
      const before = chat.rooms();
      tick();
      answerSync({ room: 'general', since: 'c3' }, { cursor: 'c4', room: { slug: 'general' } });
      expect(chat.rooms()).toBe(before);
    });

    it('takes who is online from each answer', () => {
      boot();
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general' }, online: ['bob', 'me'] },
      );
      expect(chat.online()).toEqual(['bob', 'me']);
    });
  });

  describe('read marks', () => {
    function ackRead(slug = 'general'): number {
      const pending = readsInFlight();
      expect(pending).toHaveLength(1); // never two in flight
      expect(pending[0].request.url).toBe(`/api/rooms/${slug}/read`);
      const { seq } = pending[0].request.body as { seq: number };
      pending[0].flush(null, noContent);
      return seq;
    }

    it('shows the counts read at once, sends the mark, and keeps the counts through a stale answer', () => {
      const unread = [message(4, 'bob', { mentions: ['me'] }), message(5), message(6, 'me')];
      boot(
        [...range(1, 3), ...unread],
        [summary('general', 6, { readSeq: 3, unread: 2, mentions: 1 })],
      );
      expect(chat.unreadTotal()).toBe(2);

      chat.seen('general', 4);
      expect(chat.summary('general')).toMatchObject({ readSeq: 4, unread: 1, mentions: 0 });
      chat.seen('general', 6);
      expect(chat.summary('general')).toMatchObject({ readSeq: 6, unread: 0, mentions: 0 });
      expect(chat.unreadTotal()).toBe(0);
      expect(ackRead()).toBe(4);
      expect(ackRead()).toBe(6);
      expect(urls(readsInFlight())).toEqual([]);

      // A sync the server answered before it had the mark: the counts stay read.
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: { slug: 'general' },
          rooms: [summary('general', 6, { readSeq: 3, unread: 2, mentions: 1 })],
        },
      );
      expect(chat.summary('general')).toMatchObject({ readSeq: 6, unread: 0, mentions: 0 });
      expect(chat.mentionTotal()).toBe(0);
    });

    it('counts as unread the new messages a stale answer brings after what was seen', () => {
      boot(range(1, 5), [summary('general', 5, { readSeq: 0, unread: 5 })]);
      chat.seen('general', 5);
      expect(chat.unreadTotal()).toBe(0);
      const mark = readsInFlight();
      tick();
      // Answered before the mark landed, with two new messages.
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: { slug: 'general', changes: [message(6), message(7)] },
          rooms: [summary('general', 7, { readSeq: 0, unread: 7 })],
        },
      );
      expect(chat.summary('general')).toMatchObject({ readSeq: 5, unread: 2 });
      expect(chat.unreadTotal()).toBe(2);
      mark[0].flush(null, noContent);
    });

    it('moves forward only', () => {
      boot(range(1, 5), [summary('general', 5, { readSeq: 0, unread: 5 })]);
      chat.seen('general', 4);
      expect(ackRead()).toBe(4);
      chat.seen('general', 2);
      chat.seen('general', 4);
      expect(urls(readsInFlight())).toEqual([]);
      expect(chat.summary('general')?.readSeq).toBe(4);
    });

    it('has one mark in flight at a time, then sends the newest', () => {
      boot(range(1, 8), [summary('general', 8, { readSeq: 0, unread: 8 })]);
      chat.seen('general', 2);
      const first = readsInFlight();
      expect(first).toHaveLength(1);
      chat.seen('general', 5);
      chat.seen('general', 8);
      expect(urls(readsInFlight())).toEqual([]);
      first[0].flush(null, noContent);
      expect(ackRead()).toBe(8);
      expect(urls(readsInFlight())).toEqual([]);
    });

    it('sends a failed mark again with the next sync', () => {
      boot(range(1, 3), [summary('general', 3, { readSeq: 0, unread: 3 })]);
      chat.seen('general', 3);
      readsInFlight()[0].flush(null, serverError);
      tick();
      // Nothing changed on the server, so the answer names no room.
      answerSync({ room: 'general', since: 'c2' }, { cursor: 'c2', room: { slug: 'general' } });
      expect(ackRead()).toBe(3);
    });

    it('sends a mark again when a later sync shows the server behind', () => {
      boot(range(1, 3), [summary('general', 3, { readSeq: 0, unread: 3 })]);
      chat.seen('general', 3);
      expect(ackRead()).toBe(3);
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: { slug: 'general' },
          rooms: [summary('general', 3, { readSeq: 0, unread: 3 })],
        },
      );
      expect(ackRead()).toBe(3);
      expect(chat.summary('general')?.unread).toBe(0);
    });

    it('marks nothing while the tab is hidden', () => {
      boot(range(1, 5), [summary('general', 5, { readSeq: 2, unread: 3 })]);
      visibility = 'hidden';
      chat.seen('general', 5);
      expect(urls(readsInFlight())).toEqual([]);
      expect(chat.summary('general')?.unread).toBe(3);
      visibility = 'visible';
      chat.seen('general', 5);
      expect(ackRead()).toBe(5);
    });

    it('takes a read position moved by another tab, and sends nothing for it', () => {
      boot(range(1, 6), [summary('general', 6, { readSeq: 3, unread: 3 })]);
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general' }, rooms: [summary('general', 6, { readSeq: 6 })] },
      );
      expect(chat.unreadTotal()).toBe(0);
      chat.seen('general', 6);
      chat.seen('general', 5);
      expect(urls(readsInFlight())).toEqual([]);
    });

    it('keeps each room’s marks apart', () => {
      boot(range(1, 3), [
        summary('general', 3, { readSeq: 0, unread: 3 }),
        summary('random', 9, { readSeq: 0, unread: 9 }),
      ]);
      chat.seen('general', 3);
      chat.seen('random', 9);
      expect(ackRead('general')).toBe(3);
      expect(ackRead('random')).toBe(9);
      expect(chat.unreadTotal()).toBe(0);
    });
  });

  describe('sending', () => {
    it('shows a sent message once, whether its answer or a sync brings it first, and syncs at once', async () => {
      boot(range(1, 5));
      const entry = outbox.add('general', 'hello');
      const post = sendsInFlight();
      expect(post).toHaveLength(1);
      const mine = message(7, 'me', { content: 'hello', clientId: entry.clientId });
      post[0].flush({ message: mine });
      await wait();
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 7]);
      expect(outbox.all()).toEqual([]);

      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general', changes: [message(6), mine] } },
      );
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(answers.at(-1)?.openRoom?.newMessages.map((m) => m.seq)).toEqual([6]);
    });

    it('sends exactly once across a lost answer, and a sync that brings the message acknowledges it', async () => {
      boot(range(1, 2));
      const entry = outbox.add('general', 'hello');
      const first = sendsInFlight()[0];
      first.error(offline); // stored all the same
      await wait();
      const mine = message(3, 'me', { content: 'hello', clientId: entry.clientId });
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general', changes: [mine] } },
      );
      expect(outbox.all()).toEqual([]);
      await wait(SEND_RETRY_DELAYS_MS[0] + SEND_RETRY_DELAYS_MS[1]);
      expect(urls(sendsInFlight())).toEqual([]);
      expect(seqs()).toEqual([1, 2, 3]);
    });

    it('retries with the same clientId and shows the replayed answer once', async () => {
      boot(range(1, 2));
      const entry = outbox.add('general', 'hello');
      sendsInFlight()[0].error(offline);
      await wait(SEND_RETRY_DELAYS_MS[0]);
      const second = sendsInFlight();
      expect(second).toHaveLength(1);
      expect(second[0].request.body).toEqual({ content: 'hello', clientId: entry.clientId });
      const mine = message(3, 'me', { content: 'hello', clientId: entry.clientId });
      second[0].flush({ message: mine });
      await wait();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general', changes: [mine] } },
      );
      expect(seqs()).toEqual([1, 2, 3]);
      expect(urls(sendsInFlight())).toEqual([]);
    });
  });

  describe('typing', () => {
    it('shows who else types from each sync, and nobody once a sync fails', () => {
      boot();
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        { cursor: 'c3', room: { slug: 'general', typing: ['bob', 'carol'] } },
      );
      expect(chat.timeline('general').typing()).toEqual(['bob', 'carol']);
      tick();
      expectSync({ room: 'general', since: 'c3' }).error(offline);
      expect(chat.timeline('general').typing()).toEqual([]);
    });

    it('tells the room at most every few seconds, and again at once after a send', async () => {
      boot();
      chat.reportTyping('general');
      const first = typingInFlight();
      expect(first).toHaveLength(1);
      expect(first[0].request.url).toBe('/api/rooms/general/typing');
      first[0].flush(null, noContent);
      chat.reportTyping('general');
      tick(TYPING_EVERY_MS - 1);
      chat.reportTyping('general');
      expect(urls(typingInFlight())).toEqual([]);
      tick(1);
      chat.reportTyping('general');
      typingInFlight()[0].flush(null, serverError);
      chat.reportTyping('general');
      expect(urls(typingInFlight())).toEqual([]);

      const entry = outbox.add('general', 'hi');
      sendsInFlight()[0].flush({
        message: message(4, 'me', { content: 'hi', clientId: entry.clientId }),
      });
      await wait();
      chat.reportTyping('general');
      expect(typingInFlight()).toHaveLength(1);
    });
  });

  describe('history', () => {
    it('loads older pages before the oldest shown, one request at a time', () => {
      boot(range(126, 150));
      const timeline = chat.timeline('general');
      expect(timeline.hasOlder()).toBe(true);
      chat.loadOlder('general');
      expect(timeline.loadingOlder()).toBe(true);
      const first = http.expectOne('/api/rooms/general/messages?beforeSeq=126');
      chat.loadOlder('general');
      http.expectNone('/api/rooms/general/messages?beforeSeq=126');
      first.flush({ messages: range(101, 125) });
      expect(timeline.loadingOlder()).toBe(false);
      expect(timeline.hasOlder()).toBe(true);
      expect(seqs()).toEqual(range(101, 150).map((m) => m.seq));

      chat.loadOlder('general');
      http
        .expectOne('/api/rooms/general/messages?beforeSeq=101')
        .flush({ messages: range(91, 100) });
      expect(timeline.hasOlder()).toBe(false);
      expect(seqs()).toEqual(range(91, 150).map((m) => m.seq));

      // Changes to the older messages now apply.
      tick();
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: { slug: 'general', changes: [message(95, 'bob', { deleted: true, content: '' })] },
        },
      );
      expect(timeline.messages()[4]).toMatchObject({ seq: 95, deleted: true });
    });

    it('clears "loading older" after a failed page, so it can be asked again', () => {
      boot(range(26, 50));
      chat.loadOlder('general');
      http.expectOne('/api/rooms/general/messages?beforeSeq=26').flush(null, serverError);
      expect(chat.timeline('general').loadingOlder()).toBe(false);
      chat.loadOlder('general');
      http.expectOne('/api/rooms/general/messages?beforeSeq=26').flush({ messages: range(1, 25) });
      expect(seqs()).toEqual(range(1, 50).map((m) => m.seq));
    });
  });

  describe('room switches', () => {
    it('asks for the new room at once with the same cursor, and keeps each room’s messages', () => {
      boot(range(1, 3));
      chat.open('random');
      expect(chat.openSlug()).toBe('random');
      const random = inRoom(range(1, 2), 100000);
      answerSync(
        { room: 'random', since: 'c2' },
        { cursor: 'c3', room: { slug: 'random', first: true, changes: random } },
      );
      expect(seqs('random')).toEqual([1, 2]);
      expect(seqs('general')).toEqual([1, 2, 3]);
      expect(answers.at(-1)?.openRoom).toEqual({ slug: 'random', newMessages: [] });

      tick();
      expectSync({ room: 'random', since: 'c3' }).flush(
        response({ cursor: 'c4', room: { slug: 'random' } }),
      );
      chat.open('general');
      expectSync({ room: 'general', since: 'c4' });
      expect(seqs('general')).toEqual([1, 2, 3]);
    });

    it('asks for the new room right after a sync in flight for the old one', () => {
      boot(range(1, 3));
      tick();
      const running = expectSync({ room: 'general', since: 'c2' });
      chat.open('random');
      running.flush(response({ cursor: 'c3', room: { slug: 'general', changes: [message(4)] } }));
      expect(seqs('general')).toEqual([1, 2, 3, 4]);
      expectSync({ room: 'random', since: 'c3' });
    });

    it('keeps only the latest 100 messages of a room left behind, offering the rest as older', () => {
      boot(range(126, 150));
      for (let from = 101; from > 0; from -= 25) {
        chat.loadOlder('general');
        http
          .expectOne(`/api/rooms/general/messages?beforeSeq=${from + 25}`)
          .flush({ messages: range(from, from + 24) });
      }
      chat.loadOlder('general'); // still on its way when the room is left
      http.expectOne('/api/rooms/general/messages?beforeSeq=1').flush({ messages: [] });
      expect(seqs()).toHaveLength(150);
      chat.loadOlder('general');
      const late = http.expectOne('/api/rooms/general/messages?beforeSeq=1');
      expect(chat.timeline('general').loadingOlder()).toBe(true);

      chat.open('random');
      expect(seqs('general')).toEqual(range(51, 150).map((m) => m.seq));
      expect(chat.timeline('general').hasOlder()).toBe(true);
      expect(chat.timeline('general').loadingOlder()).toBe(false);
      expect(late.cancelled).toBe(true);
      expectSync({ room: 'random', since: 'c2' });
    });

    it('asks for no room once none is open', () => {
      boot();
      chat.open(null);
      expectSync({ since: 'c2' });
    });
  });

  describe('answers', () => {
    it('tells notifications what each sync changed, and which messages are new', () => {
      boot(range(26, 50), [summary('general', 50), summary('random', 9)]);
      expect(answers).toHaveLength(2);
      expect(answers[0]).toEqual({
        previous: null,
        rooms: [summary('general', 50), summary('random', 9)],
        openRoom: null,
      });
      expect(answers[1].previous?.map((room) => room.slug)).toEqual(['general', 'random']);
      expect(answers[1].openRoom).toEqual({ slug: 'general', newMessages: [] });

      tick();
      const edit = message(40, 'bob', { content: 'fixed', editedAt: '2026-01-01T12:05:00.000Z' });
      const olderEdit = message(10, 'bob', {
        content: 'old',
        editedAt: '2026-01-01T12:05:00.000Z',
      });
      const tombstone = message(45, 'bob', { content: '', deleted: true });
      const newDeleted = message(52, 'bob', { content: '', deleted: true });
      answerSync(
        { room: 'general', since: 'c2' },
        {
          cursor: 'c3',
          room: {
            slug: 'general',
            changes: [olderEdit, edit, tombstone, message(51), newDeleted, message(53, 'me')],
          },
          rooms: [summary('general', 53, { readSeq: 50, unread: 1 })],
        },
      );
      const last = answers.at(-1)!;
      expect(last.previous?.find((room) => room.slug === 'general')?.lastSeq).toBe(50);
      expect(last.rooms).toEqual([summary('general', 53, { readSeq: 50, unread: 1 })]);
      expect(last.openRoom?.newMessages.map((m) => m.seq)).toEqual([51, 53]);
    });
  });

  describe('lifetime', () => {
    it('stops every request when its injector is destroyed', () => {
      const child = createEnvironmentInjector(
        [ChatSync, Outbox],
        TestBed.inject(EnvironmentInjector),
      );
      chat = child.get(ChatSync);
      answerSync({}, { cursor: 'c1', rooms: [summary('general', 3)] });
      chat.open('general');
      answerSync(
        { room: 'general', since: 'c1' },
        { cursor: 'c2', room: { slug: 'general', first: true, changes: range(26, 50) } },
      );
      tick();
      const poll = expectSync({ room: 'general', since: 'c2' });
      chat.loadOlder('general');
      const older = http.expectOne('/api/rooms/general/messages?beforeSeq=26');

      child.destroy();
      expect(poll.cancelled).toBe(true);
      expect(older.cancelled).toBe(true);
      tick(POLL_INTERVAL_MS * 10);
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
      expectNoSync();
      http.verify();
    });
  });
});
