import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  TestRequest,
} from '@angular/common/http/testing';
import {
  createEnvironmentInjector,
  EnvironmentInjector,
  runInInjectionContext,
  signal,
  WritableSignal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Message, RoomSummary, SyncResponse } from '../../core/api/api-types';
import {
  POLL_INTERVAL_MS,
  RoomChatStore,
  SEND_RETRY_DELAYS_MS,
  TYPING_EVERY_MS,
} from './room-chat-store';

const MESSAGES_URL = '/api/rooms/general/messages';
const READ_URL = '/api/rooms/general/read';
const TYPING_URL = '/api/rooms/general/typing';
const syncUrl = (since?: string, room = 'general') =>
  `/api/sync?room=${room}${since === undefined ? '' : `&since=${since}`}`;
/** Message ids are their seq plus 1000: a mix-up of the two shows. */
const idOf = (seq: number) => seq + 1000;
const before = (seq: number) => `${MESSAGES_URL}?beforeSeq=${seq}`;

function message(seq: number, username = 'ann', content = `message ${seq}`): Message {
  return {
    id: idOf(seq),
    seq,
    username,
    content,
    date: '12:00:00',
    createdAt: '2026-01-01T12:00:00.000Z',
    editedAt: null,
    deleted: false,
    mentions: [],
  };
}

/** Messages `from`..`to`, oldest first, as the server sends them. */
function range(from: number, to: number): Message[] {
  return Array.from({ length: to - from + 1 }, (_, index) => message(from + index));
}

function summary(lastSeq: number, readSeq = lastSeq, slug = 'general'): RoomSummary {
  const name = slug.charAt(0).toUpperCase() + slug.slice(1);
  return { slug, name, lastSeq, readSeq, unread: 0, mentions: 0 };
}

interface Answer {
  cursor: string;
  changes?: Message[];
  more?: boolean;
  typing?: string[];
  rooms?: RoomSummary[];
  reset?: boolean;
  slug?: string;
}

function syncAnswer(first: boolean, answer: Answer): SyncResponse {
  return {
    cursor: answer.cursor,
    reset: answer.reset ?? false,
    room: {
      slug: answer.slug ?? 'general',
      first,
      changes: answer.changes ?? [],
      more: answer.more ?? false,
      typing: answer.typing ?? [],
    },
    rooms: answer.rooms ?? [],
    online: ['ann'],
  };
}

describe('RoomChatStore', () => {
  let http: HttpTestingController;
  let store: RoomChatStore;
  let visibility: DocumentVisibilityState;
  /** The seqs of the read marks sent, in order (acknowledged by the sync helpers). */
  let reads: number[];

  const seqs = () => store.messages().map((m) => m.seq);
  const tick = (ms = POLL_INTERVAL_MS) => vi.advanceTimersByTime(ms);
  const serverError = { status: 500, statusText: 'Internal Server Error' };
  const offline = new ProgressEvent('error');

  /** As the room page does it: from an injection context, then effects run. */
  function connect(slug: WritableSignal<string> = signal('general')): WritableSignal<string> {
    TestBed.runInInjectionContext(() => store.connect(slug));
    TestBed.tick();
    return slug;
  }

  /** Acknowledges the read marks sent so far, and any they lead to. */
  function ackReads(): void {
    for (;;) {
      const pending = http.match({ method: 'POST', url: READ_URL });
      if (pending.length === 0) return;
      expect(pending).toHaveLength(1); // never two in flight
      reads.push((pending[0].request.body as { seq: number }).seq);
      pending[0].flush(null, { status: 204, statusText: 'No Content' });
    }
  }

  /**
   * Expects exactly one first-call sync (no cursor), answers it with the room's
   * latest page (read up to `readSeq`, by default all of it), and checks nothing
   * else was asked.
   */
  function answerFirst(latest: Message[], answer: Partial<Answer> & { readSeq?: number } = {}) {
    const head = latest.at(-1)?.seq ?? 0;
    const request = http.expectOne(syncUrl(undefined, answer.slug));
    expect(request.request.method).toBe('GET');
    request.flush(
      syncAnswer(true, {
        cursor: 'c1',
        changes: latest,
        rooms: [summary(head, answer.readSeq ?? head, answer.slug)],
        ...answer,
      }),
    );
    ackReads();
    http.verify();
  }

  /** Expects exactly one sync from `since`, answers it, and checks nothing else was asked. */
  function answerSync(since: string, answer: Answer): void {
    const request = http.expectOne(syncUrl(since, answer.slug));
    expect(request.request.method).toBe('GET');
    request.flush(syncAnswer(false, answer));
    ackReads();
    http.verify();
  }

  const expectSend = (): TestRequest => http.expectOne({ method: 'POST', url: MESSAGES_URL });

  const sentBody = (post: TestRequest) =>
    post.request.body as { content: string; clientId: string };

  beforeEach(() => {
    vi.useFakeTimers();
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    reads = [];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), RoomChatStore],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(RoomChatStore);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  describe('the sync poll', () => {
    it('shows the first answer, then syncs once per tick with the cursor it was given', () => {
      connect();
      expect(store.room()).toBeNull();
      answerFirst(range(1, 3));
      expect(store.room()).toEqual({ slug: 'general', name: 'General' });
      expect(seqs()).toEqual([1, 2, 3]);
      expect(store.hasOlder()).toBe(false);
      expect(store.reconnecting()).toBe(false);

      tick(POLL_INTERVAL_MS - 1);
      http.verify();
      tick(1);
      answerSync('c1', { cursor: 'c2' });

      tick();
      answerSync('c2', { cursor: 'c3', changes: [message(4)] });
      expect(seqs()).toEqual([1, 2, 3, 4]);

      tick();
      answerSync('c3', { cursor: 'c3' });
    });

    it('shows a room with no messages yet, and offers no older ones', () => {
      connect();
      answerFirst([]);
      expect(store.room()?.name).toBe('General');
      expect(seqs()).toEqual([]);
      expect(store.hasOlder()).toBe(false);
      tick();
      answerSync('c1', { cursor: 'c2', changes: [message(1)] });
      expect(seqs()).toEqual([1]);
    });

    it('offers older messages after a full first page of 25', () => {
      connect();
      answerFirst(range(26, 50));
      expect(store.hasOlder()).toBe(true);
    });

    it('applies changes by id: new ones in seq order, edits replaced, deletions as tombstones in place', () => {
      connect();
      answerFirst(range(1, 4));

      tick();
      const edit = { ...message(2, 'ann', 'fixed'), editedAt: '2026-01-01T12:05:00.000Z' };
      const tombstone = { ...message(3, 'ann', ''), deleted: true };
      answerSync('c1', { cursor: 'c2', changes: [edit, message(6), tombstone, message(5)] });
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(store.messages()[1]).toEqual(edit);
      expect(store.messages()[2]).toEqual(tombstone);
      expect(new Set(store.messages().map((m) => m.id)).size).toBe(6);

      // A message edited twice comes once more, in its latest state, and is still shown once.
      tick();
      const again = { ...edit, content: 'fixed again', editedAt: '2026-01-01T12:06:00.000Z' };
      answerSync('c2', { cursor: 'c3', changes: [again] });
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(store.messages()[1].content).toBe('fixed again');
    });

    it('never asks again while a sync is pending: a slow one spans several ticks', () => {
      connect();
      answerFirst(range(1, 2));

      tick();
      const slow = http.expectOne(syncUrl('c1'));
      tick(POLL_INTERVAL_MS * 4);
      http.verify();

      slow.flush(syncAnswer(false, { cursor: 'c2', changes: [message(3)] }));
      ackReads();
      expect(seqs()).toEqual([1, 2, 3]);
      tick();
      answerSync('c2', { cursor: 'c2' });
    });

    it('never asks again while a slow first sync is pending', () => {
      connect();
      const first = http.expectOne(syncUrl());
      tick(POLL_INTERVAL_MS * 3);
      http.verify();

      first.flush(syncAnswer(true, { cursor: 'c1', changes: range(1, 2), rooms: [summary(2)] }));
      tick();
      answerSync('c1', { cursor: 'c1' });
    });

    it('syncs again at once while the server has more, then waits for the next tick', () => {
      connect();
      answerFirst([message(1)]);

      tick();
      http
        .expectOne(syncUrl('c1'))
        .flush(syncAnswer(false, { cursor: 'c2', changes: range(2, 101), more: true }));
      ackReads();
      // No time passes: the next batch is asked for straight away, from the new cursor.
      http
        .expectOne(syncUrl('c2'))
        .flush(syncAnswer(false, { cursor: 'c3', changes: range(102, 201), more: true }));
      ackReads();
      http
        .expectOne(syncUrl('c3'))
        .flush(syncAnswer(false, { cursor: 'c4', changes: [message(202)] }));
      ackReads();
      http.verify();
      expect(seqs()).toEqual(range(1, 202).map((m) => m.seq));

      tick(POLL_INTERVAL_MS - 1);
      http.verify();
      tick(1);
      answerSync('c4', { cursor: 'c4' });
    });

    it('starts over from a reset: the answer replaces everything shown, older pages included', () => {
      connect();
      answerFirst(range(26, 50));
      store.loadOlder();
      http.expectOne(before(26)).flush({ messages: range(1, 25) });
      expect(seqs()).toEqual(range(1, 50).map((m) => m.seq));
      store.loadOlder();
      const older = http.expectOne(before(1)); // still on its way when the reset comes

      // The database was restored from a backup: a history of 3 messages.
      tick();
      http.expectOne(syncUrl('c1')).flush(
        syncAnswer(true, {
          cursor: 'fresh',
          reset: true,
          changes: range(1, 3),
          rooms: [summary(3)],
        }),
      );
      expect(seqs()).toEqual([1, 2, 3]);
      expect(store.hasOlder()).toBe(false);
      expect(older.cancelled).toBe(true);
      expect(store.loadingOlder()).toBe(false);
      http.verify();

      tick();
      answerSync('fresh', { cursor: 'fresh', changes: [message(4)] });
      expect(seqs()).toEqual([1, 2, 3, 4]);
    });

    it('shows "reconnecting" after a failed sync, keeps syncing, and recovers with nothing lost or doubled', () => {
      connect();
      answerFirst(range(1, 2));

      tick();
      http.expectOne(syncUrl('c1')).flush(null, serverError);
      expect(store.reconnecting()).toBe(true);
      expect(seqs()).toEqual([1, 2]);

      tick();
      http.expectOne(syncUrl('c1')).error(offline);
      expect(store.reconnecting()).toBe(true);

      tick();
      answerSync('c1', { cursor: 'c2', changes: [message(3), message(4)] });
      expect(store.reconnecting()).toBe(false);
      expect(seqs()).toEqual([1, 2, 3, 4]);

      tick();
      answerSync('c2', { cursor: 'c2' });
      expect(seqs()).toEqual([1, 2, 3, 4]);
    });

    it('retries a failed first sync on the next tick', () => {
      connect();
      http.expectOne(syncUrl()).flush(null, serverError);
      expect(store.reconnecting()).toBe(true);
      expect(store.room()).toBeNull();
      expect(store.notFound()).toBe(false);

      tick();
      answerFirst(range(1, 3));
      expect(store.reconnecting()).toBe(false);
      expect(store.room()?.name).toBe('General');
      expect(seqs()).toEqual([1, 2, 3]);
    });

    it('starts over without a cursor when the server refuses it (400)', () => {
      connect();
      answerFirst(range(1, 3));
      tick();
      http
        .expectOne(syncUrl('c1'))
        .flush(
          { statusCode: 400, message: 'since must be a cursor' },
          { status: 400, statusText: 'Bad Request' },
        );
      expect(seqs()).toEqual([1, 2, 3]);

      tick();
      answerFirst(range(1, 4), { cursor: 'c9' });
      expect(seqs()).toEqual([1, 2, 3, 4]);
      tick();
      answerSync('c9', { cursor: 'c9' });
    });

    it('sets notFound on a 404 and asks nothing more', () => {
      connect();
      http.expectOne(syncUrl()).flush(null, { status: 404, statusText: 'Not Found' });
      expect(store.notFound()).toBe(true);
      expect(store.reconnecting()).toBe(false);

      tick(POLL_INTERVAL_MS * 10);
      http.verify();
    });
  });

  describe('sending', () => {
    it('sends with a new clientId, shows the message at once and syncs at once, keeping the cursor', () => {
      connect();
      answerFirst(range(1, 5));

      const sent: Message[] = [];
      store.send('hello').subscribe((m) => sent.push(m));
      const post = expectSend();
      const { content, clientId } = sentBody(post);
      expect(content).toBe('hello');
      expect(clientId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      post.flush({ message: { ...message(7, 'me', 'hello'), clientId } });

      expect(sent.map((m) => m.seq)).toEqual([7]);
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 7]);

      // The immediate sync goes from the cursor, so bob's message 6 (sent just before
      // ours) arrives; ours comes back too and is shown once.
      answerSync('c1', { cursor: 'c2', changes: [message(6, 'bob'), message(7, 'me', 'hello')] });
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(store.messages()[5].username).toBe('bob');

      tick();
      answerSync('c2', { cursor: 'c2' });
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);

      // Each message gets its own clientId.
      store.send('hello').subscribe();
      expect(sentBody(expectSend()).clientId).not.toBe(clientId);
    });

    it('syncs once more when a send lands while a sync is running (its immediate sync was skipped)', () => {
      connect();
      answerFirst(range(1, 2));

      tick();
      const running = http.expectOne(syncUrl('c1'));
      store.send('hello').subscribe();
      expectSend().flush({ message: message(4, 'me') });
      http.verify(); // the immediate sync was dropped by exhaustMap: still one in flight

      running.flush(syncAnswer(false, { cursor: 'c1' })); // it had started before message 3
      ackReads();
      answerSync('c1', { cursor: 'c2', changes: [message(3, 'bob'), message(4, 'me')] });
      expect(seqs()).toEqual([1, 2, 3, 4]);
      tick();
      answerSync('c2', { cursor: 'c2' });
    });

    it('shows a message once when a sync brings it before the send answer does', () => {
      connect();
      answerFirst(range(1, 2));

      store.send('hello').subscribe();
      const post = expectSend();

      tick();
      answerSync('c1', { cursor: 'c2', changes: [message(3, 'me')] });
      expect(seqs()).toEqual([1, 2, 3]);

      post.flush({ message: message(3, 'me') });
      expect(seqs()).toEqual([1, 2, 3]);
      answerSync('c2', { cursor: 'c2' });
      expect(seqs()).toEqual([1, 2, 3]);
    });

    it('retries a send that got no answer with the same clientId, and shows the message once', () => {
      connect();
      answerFirst(range(1, 2));

      const sent: Message[] = [];
      store.send('hello').subscribe((m) => sent.push(m));
      const first = expectSend();
      const { clientId } = sentBody(first);
      first.error(offline); // the server may have stored it all the same

      tick(SEND_RETRY_DELAYS_MS[0] - 1);
      http.verify();
      tick(1);
      const second = expectSend();
      expect(sentBody(second)).toEqual({ content: 'hello', clientId });
      second.flush(null, { status: 503, statusText: 'Service Unavailable' });

      tick(SEND_RETRY_DELAYS_MS[1]);
      const third = expectSend();
      expect(sentBody(third)).toEqual({ content: 'hello', clientId });
      answerSync('c1', { cursor: 'c1' }); // the tick at 2 s
      third.flush({ message: message(3, 'me') });
      expect(sent.map((m) => m.seq)).toEqual([3]);
      expect(seqs()).toEqual([1, 2, 3]);
    });

    it('keeps the clientId of a failed send when the same text is sent again', () => {
      connect();
      answerFirst(range(1, 2));

      let failure: unknown;
      store.send('hello').subscribe({ error: (error: unknown) => (failure = error) });
      const first = expectSend();
      const { clientId } = sentBody(first);
      first.error(offline);
      tick(SEND_RETRY_DELAYS_MS[0]);
      expectSend().error(offline);
      tick(SEND_RETRY_DELAYS_MS[1]);
      http.expectOne(syncUrl('c1')).error(offline);
      expectSend().error(offline);
      expect(failure).toBeDefined(); // out of retries: the composer says so
      http.verify();

      // Sent again by hand: the same id, so a copy the server did store is not stored twice.
      store.send('hello').subscribe();
      const resend = expectSend();
      expect(sentBody(resend)).toEqual({ content: 'hello', clientId });
      resend.flush({ message: message(3, 'me', 'hello') });
      answerSync('c1', { cursor: 'c2', changes: [message(3, 'me', 'hello')] });
      expect(seqs()).toEqual([1, 2, 3]);

      // Once it went through, the same text again is a new message.
      store.send('hello').subscribe();
      expect(sentBody(expectSend()).clientId).not.toBe(clientId);
    });

    it('gives other text a new clientId after a failure', () => {
      connect();
      answerFirst([]);
      store.send('hello').subscribe({ error: () => undefined });
      const post = expectSend();
      const { clientId } = sentBody(post);
      post.flush(
        { statusCode: 429, message: 'Too many messages' },
        { status: 429, statusText: '' },
      );

      store.send('hello, again').subscribe();
      expect(sentBody(expectSend()).clientId).not.toBe(clientId);
    });

    it('does not retry a send the server refused', () => {
      connect();
      answerFirst([]);
      let failure: unknown;
      store.send('hello').subscribe({ error: (error: unknown) => (failure = error) });
      expectSend().flush({ statusCode: 429, message: 'Too many' }, { status: 429, statusText: '' });
      expect(failure).toBeDefined();
      tick(SEND_RETRY_DELAYS_MS[0] + SEND_RETRY_DELAYS_MS[1]);
      answerSync('c1', { cursor: 'c1' });
      http.verify();
    });
  });

  describe('the read position', () => {
    it('marks the room read up to the newest message shown while the page is visible, forward only', () => {
      connect();
      answerFirst(range(1, 5), { readSeq: 2 });
      expect(reads).toEqual([5]);

      tick();
      answerSync('c1', { cursor: 'c1' }); // nothing new: nothing to mark
      tick();
      answerSync('c1', { cursor: 'c2', changes: [message(6, 'bob')] });
      expect(reads).toEqual([5, 6]);

      // An edit of a message already read moves nothing.
      tick();
      answerSync('c2', { cursor: 'c3', changes: [{ ...message(4), content: 'fixed' }] });
      expect(reads).toEqual([5, 6]);
    });

    it('sends nothing when the room was read already', () => {
      connect();
      answerFirst(range(1, 5)); // readSeq 5
      expect(reads).toEqual([]);
    });

    it('has at most one read mark in flight, then sends the newest', () => {
      connect();
      answerFirst(range(1, 5), { readSeq: 5 });

      tick();
      http
        .expectOne(syncUrl('c1'))
        .flush(syncAnswer(false, { cursor: 'c2', changes: [message(6)] }));
      const first = http.expectOne(READ_URL);
      expect(first.request.body).toEqual({ seq: 6 });

      tick();
      http
        .expectOne(syncUrl('c2'))
        .flush(syncAnswer(false, { cursor: 'c3', changes: [message(7)] }));
      tick();
      http
        .expectOne(syncUrl('c3'))
        .flush(syncAnswer(false, { cursor: 'c4', changes: [message(8)] }));
      http.verify(); // still the one read mark

      first.flush(null, { status: 204, statusText: 'No Content' });
      const next = http.expectOne(READ_URL);
      expect(next.request.body).toEqual({ seq: 8 });
      next.flush(null, { status: 204, statusText: 'No Content' });
      http.verify();
    });

    it('tries a failed read mark again with the next sync', () => {
      connect();
      http
        .expectOne(syncUrl())
        .flush(syncAnswer(true, { cursor: 'c1', changes: range(1, 3), rooms: [summary(3, 0)] }));
      http.expectOne(READ_URL).flush(null, serverError);
      tick();
      answerSync('c1', { cursor: 'c1' });
      expect(reads).toEqual([3]);
    });

    it('waits while the page is hidden, and marks when it shows again', () => {
      visibility = 'hidden';
      connect();
      answerFirst(range(1, 5), { readSeq: 3 });
      tick();
      answerSync('c1', { cursor: 'c2', changes: [message(6, 'bob')] });
      expect(reads).toEqual([]);

      visibility = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
      ackReads();
      expect(reads).toEqual([6]);
    });

    it('takes a read position moved by another tab', () => {
      connect();
      answerFirst(range(1, 5), { readSeq: 5 });
      visibility = 'hidden';
      tick();
      answerSync('c1', { cursor: 'c2', changes: [message(6, 'bob')], rooms: [summary(6, 6)] });
      visibility = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
      ackReads();
      expect(reads).toEqual([]);
    });
  });

  describe('typing', () => {
    it('shows who else is typing from each sync, and nobody once a sync fails', () => {
      connect();
      answerFirst([], { typing: ['bob'] });
      expect(store.typing()).toEqual(['bob']);
      tick();
      answerSync('c1', { cursor: 'c1', typing: ['bob', 'carol'] });
      expect(store.typing()).toEqual(['bob', 'carol']);
      tick();
      http.expectOne(syncUrl('c1')).error(offline);
      expect(store.typing()).toEqual([]);
    });

    it('tells the room at most every few seconds, and again at once after a send', () => {
      connect();
      answerFirst([]);

      store.reportTyping();
      const typing = http.expectOne({ method: 'POST', url: TYPING_URL });
      expect(typing.request.body).toBeNull();
      typing.flush(null, { status: 204, statusText: 'No Content' });
      store.reportTyping();
      tick(POLL_INTERVAL_MS);
      answerSync('c1', { cursor: 'c1' });
      store.reportTyping();
      http.verify(); // still within the few seconds

      tick(TYPING_EVERY_MS - POLL_INTERVAL_MS);
      store.reportTyping();
      http.expectOne({ method: 'POST', url: TYPING_URL }).flush(null, serverError);

      store.send('hi').subscribe();
      expectSend().flush({ message: message(1, 'me', 'hi') });
      answerSync('c1', { cursor: 'c2', changes: [message(1, 'me', 'hi')] });
      store.reportTyping();
      http.expectOne({ method: 'POST', url: TYPING_URL });
    });
  });

  describe('history and lifetime', () => {
    it('loads older pages before the oldest shown, and offers more only after a full page', () => {
      connect();
      answerFirst(range(126, 150));
      expect(store.hasOlder()).toBe(true);

      store.loadOlder();
      expect(store.loadingOlder()).toBe(true);
      const first = http.expectOne(before(126));
      store.loadOlder(); // already loading: no second request
      http.verify();
      first.flush({ messages: range(101, 125) });
      expect(store.loadingOlder()).toBe(false);
      expect(store.hasOlder()).toBe(true);
      expect(seqs()).toEqual(range(101, 150).map((m) => m.seq));

      store.loadOlder();
      http.expectOne(before(101)).flush({ messages: range(91, 100) });
      expect(store.hasOlder()).toBe(false);
      expect(seqs()).toEqual(range(91, 150).map((m) => m.seq));

      // Older pages do not move the cursor, and changes to them now apply.
      tick();
      answerSync('c1', { cursor: 'c2', changes: [{ ...message(95), deleted: true, content: '' }] });
      expect(store.messages()[4]).toMatchObject({ seq: 95, deleted: true });
    });

    it('clears "loading older" after a failed page, so it can be asked again', () => {
      connect();
      answerFirst(range(26, 50));
      store.loadOlder();
      http.expectOne(before(26)).flush(null, serverError);
      expect(store.loadingOlder()).toBe(false);
      expect(seqs()).toEqual(range(26, 50).map((m) => m.seq));
      store.loadOlder();
      http.expectOne(before(26)).flush({ messages: range(1, 25) });
      expect(seqs()).toEqual(range(1, 50).map((m) => m.seq));
      http.verify();
    });

    it('stops every request when its injector is destroyed', () => {
      const parent = TestBed.inject(EnvironmentInjector);
      const child = createEnvironmentInjector([RoomChatStore], parent);
      store = child.get(RoomChatStore);
      runInInjectionContext(child, () => store.connect(signal('general')));
      TestBed.tick();
      answerFirst(range(1, 3));
      tick();
      answerSync('c1', { cursor: 'c1' });

      tick();
      const poll = http.expectOne(syncUrl('c1'));
      child.destroy();
      expect(poll.cancelled).toBe(true);

      tick(POLL_INTERVAL_MS * 10);
      http.verify();
    });

    it('stops every request, "load older" included, when the testing module is torn down', () => {
      connect();
      answerFirst(range(26, 50));
      tick();
      const poll = http.expectOne(syncUrl('c1'));
      store.loadOlder();
      const older = http.expectOne(before(26));

      TestBed.resetTestingModule();
      expect(poll.cancelled).toBe(true);
      expect(older.cancelled).toBe(true);

      tick(POLL_INTERVAL_MS * 10);
      http.verify();
    });

    it('starts over for a new room, dropping the old room\u2019s pending requests', () => {
      const slug = connect();
      answerFirst(range(26, 50));
      tick();
      const poll = http.expectOne(syncUrl('c1'));
      store.loadOlder();
      const older = http.expectOne(before(26));

      slug.set('random');
      TestBed.tick();
      expect(poll.cancelled).toBe(true);
      expect(older.cancelled).toBe(true);
      expect(store.messages()).toEqual([]);
      expect(store.room()).toBeNull();
      expect(store.loadingOlder()).toBe(false);

      answerFirst([message(60)], { slug: 'random', cursor: 'r1' });
      expect(store.room()).toEqual({ slug: 'random', name: 'Random' });
      expect(seqs()).toEqual([60]);

      tick();
      answerSync('r1', { slug: 'random', cursor: 'r1' });
    });

    it('does not show a message sent in the old room in the new one', () => {
      const slug = connect();
      answerFirst(range(1, 3));

      const sent: Message[] = [];
      store.send('bye').subscribe((m) => sent.push(m));
      const post = expectSend();

      slug.set('random');
      TestBed.tick();
      answerFirst([message(60)], { slug: 'random', cursor: 'r1' });

      // The send still completes for its caller, but belongs to "general".
      post.flush({ message: message(61, 'me') });
      expect(sent.map((m) => m.seq)).toEqual([61]);
      expect(seqs()).toEqual([60]);
      http.verify();

      tick();
      answerSync('r1', { slug: 'random', cursor: 'r1' });
    });
  });
});
