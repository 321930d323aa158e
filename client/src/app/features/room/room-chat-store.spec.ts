import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import {
  createEnvironmentInjector,
  EnvironmentInjector,
  runInInjectionContext,
  signal,
  WritableSignal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Message, Room } from '../../core/api/api-types';
import { POLL_INTERVAL_MS, RoomChatStore } from './room-chat-store';

const ROOM: Room = { id: 1, name: 'General', slug: 'general' };
const ROOM_URL = '/api/rooms/general';
const MESSAGES_URL = '/api/rooms/general/messages';
const after = (id: number) => `${MESSAGES_URL}?after=${id}`;
const before = (id: number) => `${MESSAGES_URL}?before=${id}`;

function message(id: number, username = 'ann'): Message {
  return {
    id,
    username,
    content: `message ${id}`,
    date: '12:00:00',
    createdAt: '2026-01-01T12:00:00.000Z',
  };
}

/** Messages `from`..`to`, oldest first, as the server sends them. */
function range(from: number, to: number): Message[] {
  return Array.from({ length: to - from + 1 }, (_, index) => message(from + index));
}

describe('RoomChatStore', () => {
  let http: HttpTestingController;
  let store: RoomChatStore;

  const ids = () => store.messages().map((m) => m.id);
  const tick = (ms = POLL_INTERVAL_MS) => vi.advanceTimersByTime(ms);
  const serverError = { status: 500, statusText: 'Internal Server Error' };

  /** As the room page does it: from an injection context, then effects run. */
  function connect(slug: WritableSignal<string> = signal('general')): WritableSignal<string> {
    TestBed.runInInjectionContext(() => store.connect(slug));
    TestBed.tick();
    return slug;
  }

  /** Answers the first load's two requests (and checks nothing else was asked). */
  function answerFirstLoad(latest: Message[]): void {
    const room = http.expectOne(ROOM_URL);
    const messages = http.expectOne(MESSAGES_URL);
    http.verify();
    expect(room.request.method).toBe('GET');
    expect(messages.request.method).toBe('GET');
    room.flush({ room: ROOM });
    messages.flush({ messages: latest });
  }

  /** Expects exactly one poll after `id`, answers it, and checks nothing else was asked. */
  function answerPoll(id: number, messages: Message[]): void {
    const request = http.expectOne(after(id));
    expect(request.request.method).toBe('GET');
    request.flush({ messages });
    http.verify();
  }

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), RoomChatStore],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(RoomChatStore);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the room and its latest messages, then polls once per tick after the newest id', () => {
    connect();
    expect(store.room()).toBeNull();
    answerFirstLoad(range(1, 3));
    expect(store.room()).toEqual(ROOM);
    expect(ids()).toEqual([1, 2, 3]);
    expect(store.reconnecting()).toBe(false);

    tick(POLL_INTERVAL_MS - 1);
    http.verify();
    tick(1);
    answerPoll(3, []);

    tick();
    answerPoll(3, [message(4)]);
    expect(ids()).toEqual([1, 2, 3, 4]);

    tick();
    answerPoll(4, []);
  });

  it('polls after 0 when the room has no messages yet', () => {
    connect();
    answerFirstLoad([]);
    expect(ids()).toEqual([]);
    expect(store.hasOlder()).toBe(false);
    tick();
    answerPoll(0, [message(1)]);
    tick();
    answerPoll(1, []);
  });

  it('never asks again while a request is pending: a slow poll spans several ticks', () => {
    connect();
    answerFirstLoad(range(1, 2));

    tick();
    const slow = http.expectOne(after(2));
    tick(POLL_INTERVAL_MS * 4);
    http.verify();

    slow.flush({ messages: [message(3)] });
    expect(ids()).toEqual([1, 2, 3]);
    tick();
    answerPoll(3, []);
  });

  it('never asks again while a slow first load is pending', () => {
    connect();
    const room = http.expectOne(ROOM_URL);
    const messages = http.expectOne(MESSAGES_URL);
    tick(POLL_INTERVAL_MS * 3);
    http.verify();

    room.flush({ room: ROOM });
    messages.flush({ messages: range(1, 2) });
    tick();
    answerPoll(2, []);
  });

  it('moves the cursor to the highest id a poll returned', () => {
    connect();
    answerFirstLoad(range(1, 3));

    tick();
    answerPoll(3, [message(4), message(9), message(6)]);
    expect(ids()).toEqual([1, 2, 3, 4, 6, 9]);
    tick();
    answerPoll(9, []);
    // An empty poll leaves the cursor where it was.
    tick();
    answerPoll(9, []);
  });

  it('follows a full batch of 100 at once with the next batch, until a short one', () => {
    connect();
    answerFirstLoad([message(1)]);

    tick();
    http.expectOne(after(1)).flush({ messages: range(2, 101) });
    // No time passes: the next batch is asked for straight away.
    http.expectOne(after(101)).flush({ messages: range(102, 201) });
    http.expectOne(after(201)).flush({ messages: [message(202)] });
    http.verify();
    expect(ids()).toEqual(range(1, 202).map((m) => m.id));

    tick(POLL_INTERVAL_MS - 1);
    http.verify();
    tick(1);
    answerPoll(202, []);
  });

  it('shows a sent message at once and polls at once, without moving the cursor past earlier messages', () => {
    connect();
    answerFirstLoad(range(1, 5));

    const sent: Message[] = [];
    store.send('hello').subscribe((m) => sent.push(m));
    const post = http.expectOne({ method: 'POST', url: MESSAGES_URL });
    expect(post.request.body).toEqual({ content: 'hello' });
    post.flush({ message: message(7, 'me') });

    expect(sent.map((m) => m.id)).toEqual([7]);
    expect(ids()).toEqual([1, 2, 3, 4, 5, 7]);

    // The immediate poll still asks after 5, so bob's message 6 (sent just
    // before ours) arrives; ours comes back too and is shown once.
    answerPoll(5, [message(6, 'bob'), message(7, 'me')]);
    expect(ids()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(store.messages().find((m) => m.id === 6)?.username).toBe('bob');

    tick();
    answerPoll(7, []);
    expect(ids()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('polls once more when a send lands while a poll is running (its immediate poll was skipped)', () => {
    connect();
    answerFirstLoad(range(1, 2));

    tick();
    const running = http.expectOne(after(2)); // a poll in flight
    store.send('hello').subscribe();
    http.expectOne({ method: 'POST', url: MESSAGES_URL }).flush({ message: message(4, 'me') });
    http.verify(); // the immediate poll was dropped by exhaustMap: still one in flight

    running.flush({ messages: [] }); // it had started before message 3 was committed
    answerPoll(2, [message(3, 'bob'), message(4, 'me')]); // so it asks once more, at once
    expect(ids()).toEqual([1, 2, 3, 4]);
    tick();
    answerPoll(4, []);
  });

  it('shows a message once when a poll brings it before the send response does', () => {
    connect();
    answerFirstLoad(range(1, 2));

    store.send('hello').subscribe();
    const post = http.expectOne({ method: 'POST', url: MESSAGES_URL });

    tick();
    answerPoll(2, [message(3, 'me')]);
    expect(ids()).toEqual([1, 2, 3]);

    post.flush({ message: message(3, 'me') });
    expect(ids()).toEqual([1, 2, 3]);
    answerPoll(3, []);
    expect(ids()).toEqual([1, 2, 3]);
  });

  it('shows "reconnecting" after a failed poll, keeps polling, and recovers with nothing lost or doubled', () => {
    connect();
    answerFirstLoad(range(1, 2));

    tick();
    http.expectOne(after(2)).flush(null, serverError);
    expect(store.reconnecting()).toBe(true);
    expect(ids()).toEqual([1, 2]);

    tick();
    http.expectOne(after(2)).error(new ProgressEvent('error')); // offline
    expect(store.reconnecting()).toBe(true);

    tick();
    answerPoll(2, [message(3), message(4)]);
    expect(store.reconnecting()).toBe(false);
    expect(ids()).toEqual([1, 2, 3, 4]);

    tick();
    answerPoll(4, []);
    expect(ids()).toEqual([1, 2, 3, 4]);
  });

  it('retries a failed first load on the next tick', () => {
    connect();
    const room = http.expectOne(ROOM_URL);
    const messages = http.expectOne(MESSAGES_URL);
    room.flush(null, serverError);
    expect(messages.cancelled).toBe(true);
    expect(store.reconnecting()).toBe(true);
    expect(store.room()).toBeNull();
    expect(store.notFound()).toBe(false);

    tick();
    answerFirstLoad(range(1, 3));
    expect(store.reconnecting()).toBe(false);
    expect(store.room()).toEqual(ROOM);
    expect(ids()).toEqual([1, 2, 3]);

    tick();
    answerPoll(3, []);
  });

  it('sets notFound on a 404 first load and asks nothing more', () => {
    connect();
    http.expectOne(ROOM_URL).flush(null, { status: 404, statusText: 'Not Found' });
    http.expectOne(MESSAGES_URL);
    expect(store.notFound()).toBe(true);
    expect(store.reconnecting()).toBe(false);

    tick(POLL_INTERVAL_MS * 10);
    http.verify();
  });

  it('stops every request when its injector is destroyed', () => {
    const parent = TestBed.inject(EnvironmentInjector);
    const child = createEnvironmentInjector([RoomChatStore], parent);
    store = child.get(RoomChatStore);
    runInInjectionContext(child, () => store.connect(signal('general')));
    TestBed.tick();
    answerFirstLoad(range(1, 3));
    tick();
    answerPoll(3, []);

    tick();
    const poll = http.expectOne(after(3));
    child.destroy();
    expect(poll.cancelled).toBe(true);

    tick(POLL_INTERVAL_MS * 10);
    http.verify();
  });

  it('stops every request, "load older" included, when the testing module is torn down', () => {
    connect();
    answerFirstLoad(range(26, 50));
    tick();
    const poll = http.expectOne(after(50));
    store.loadOlder();
    const older = http.expectOne(before(26));

    TestBed.resetTestingModule();
    expect(poll.cancelled).toBe(true);
    expect(older.cancelled).toBe(true);

    tick(POLL_INTERVAL_MS * 10);
    http.verify();
  });

  it('loads older pages before the oldest shown, and offers more only after a full page', () => {
    connect();
    answerFirstLoad(range(126, 150));
    expect(store.hasOlder()).toBe(true);

    store.loadOlder();
    expect(store.loadingOlder()).toBe(true);
    const first = http.expectOne(before(126));
    store.loadOlder(); // already loading: no second request
    http.verify();
    first.flush({ messages: range(101, 125) });
    expect(store.loadingOlder()).toBe(false);
    expect(store.hasOlder()).toBe(true);
    expect(ids()).toEqual(range(101, 150).map((m) => m.id));

    store.loadOlder();
    http.expectOne(before(101)).flush({ messages: range(91, 100) });
    expect(store.hasOlder()).toBe(false);
    expect(ids()).toEqual(range(91, 150).map((m) => m.id));

    // Older pages do not move the poll cursor.
    tick();
    answerPoll(150, []);
  });

  it('offers no older messages after a short first page', () => {
    connect();
    answerFirstLoad(range(1, 24));
    expect(store.hasOlder()).toBe(false);
    tick();
    answerPoll(24, []);
  });

  it('clears "loading older" after a failed page, so it can be asked again', () => {
    connect();
    answerFirstLoad(range(26, 50));
    store.loadOlder();
    http.expectOne(before(26)).flush(null, serverError);
    expect(store.loadingOlder()).toBe(false);
    expect(ids()).toEqual(range(26, 50).map((m) => m.id));
    store.loadOlder();
    http.expectOne(before(26)).flush({ messages: range(1, 25) });
    expect(ids()).toEqual(range(1, 50).map((m) => m.id));
    http.verify();
  });

  it('starts over for a new room, dropping the old room\u2019s pending requests', () => {
    const slug = connect();
    answerFirstLoad(range(26, 50));
    tick();
    const poll = http.expectOne(after(50));
    store.loadOlder();
    const older = http.expectOne(before(26));

    slug.set('random');
    TestBed.tick();
    expect(poll.cancelled).toBe(true);
    expect(older.cancelled).toBe(true);
    expect(store.messages()).toEqual([]);
    expect(store.room()).toBeNull();
    expect(store.loadingOlder()).toBe(false);

    const random: Room = { id: 2, name: 'Random', slug: 'random' };
    http.expectOne('/api/rooms/random').flush({ room: random });
    http.expectOne('/api/rooms/random/messages').flush({ messages: [message(60)] });
    http.verify();
    expect(store.room()).toEqual(random);
    expect(ids()).toEqual([60]);

    tick();
    http.expectOne('/api/rooms/random/messages?after=60').flush({ messages: [] });
    http.verify();
  });

  it('does not show a message sent in the old room in the new one', () => {
    const slug = connect();
    answerFirstLoad(range(1, 3));

    const sent: Message[] = [];
    store.send('bye').subscribe((m) => sent.push(m));
    const post = http.expectOne({ method: 'POST', url: MESSAGES_URL });

    slug.set('random');
    TestBed.tick();
    http.expectOne('/api/rooms/random').flush({ room: { id: 2, name: 'Random', slug: 'random' } });
    http.expectOne('/api/rooms/random/messages').flush({ messages: [message(60)] });

    // The send still completes for its caller, but belongs to "general".
    post.flush({ message: message(61, 'me') });
    expect(sent.map((m) => m.id)).toEqual([61]);
    expect(ids()).toEqual([60]);
    http.verify();

    tick();
    http.expectOne('/api/rooms/random/messages?after=60').flush({ messages: [] });
    http.verify();
  });
});
