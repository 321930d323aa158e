import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, DOCUMENT, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  catchError,
  defer,
  EMPTY,
  exhaustMap,
  expand,
  filter,
  fromEvent,
  interval,
  merge,
  Observable,
  Subject,
  Subscription,
  startWith,
  tap,
  throttle,
  timer,
} from 'rxjs';
import { Message, RoomSummary, SyncResponse } from '../../../core/api/api-types';
import { MessagesApi } from '../../../core/api/messages-api';
import { RoomsApi } from '../../../core/api/rooms-api';
import { SyncApi } from '../../../core/api/sync-api';
import { timeLimit } from '../../../core/api/time-limit';
import { SessionStore } from '../../../core/auth/session-store';
import { Outbox } from './outbox';
import { RoomTimeline, sameNames } from './room-timeline';

export const POLL_INTERVAL_MS = 2000;

/** A sync as notifications see it. */
export interface SyncApplied {
  /** Every room known before it; null for a first sync or a reset. */
  previous: RoomSummary[] | null;
  /** The rooms it changed. */
  rooms: RoomSummary[];
  /** The open room's messages it brought that the tab had not seen. */
  openRoom: { slug: string; newMessages: Message[] } | null;
}
/** A sync with no answer by then fails (and the next tick tries again). */
export const SYNC_TIMEOUT_MS = 15_000;
/** How many messages a room keeps once left (its next visit brings the latest page anyway). */
export const KEPT_PER_ROOM = 100;
/** The composer reports typing at most this often (the server shows it for 6 s). */
export const TYPING_EVERY_MS = 3000;

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The tab's one poll, and everything it carries: every room's counts, the open
 * room's messages, who is online and typing. Provided by the logged-in shell, so
 * it lives as long as the tab shows the chat, across room switches.
 */
@Injectable()
export class ChatSync {
  private readonly api = inject(SyncApi);
  private readonly messagesApi = inject(MessagesApi);
  private readonly roomsApi = inject(RoomsApi);
  private readonly outbox = inject(Outbox);
  private readonly session = inject(SessionStore);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  private readonly state = {
    rooms: signal<RoomSummary[]>([]),
    roomsLoaded: signal(false),
    online: signal<string[]>([]),
    reconnecting: signal(false),
    offline: signal(this.document.defaultView?.navigator.onLine === false),
    syncedAt: signal<Date | null>(null),
    openSlug: signal<string | null>(null),
  };
  /** Every room, by name, with this user's unread and mention counts. */
  readonly rooms = this.state.rooms.asReadonly();
  readonly roomsLoaded = this.state.roomsLoaded.asReadonly();
  /** Users with a tab open, whole server. */
  readonly online = this.state.online.asReadonly();
  /** The last sync failed; syncing goes on. */
  readonly reconnecting = this.state.reconnecting.asReadonly();
  /** The browser says there is no network. */
  readonly offline = this.state.offline.asReadonly();
  /** When the last sync answered: what is shown is current up to then. */
  readonly syncedAt = this.state.syncedAt.asReadonly();
  readonly openSlug = this.state.openSlug.asReadonly();
  readonly unreadTotal = computed(() =>
    this.state.rooms().reduce((total, room) => total + room.unread, 0),
  );
  readonly mentionTotal = computed(() =>
    this.state.rooms().reduce((total, room) => total + room.mentions, 0),
  );
  /** Each sync answer, once applied: what notifications look at. */
  readonly answers = new Subject<SyncApplied>();

  private readonly timelines = new Map<string, RoomTimeline>();
  private readonly older = new Map<string, Subscription>();
  private cursor: string | null = null;
  /** Something asked for a sync while one was running: run another right after it. */
  private again = false;
  /** The room the sync in flight asked for: a 404 is about it, whatever is open by then. */
  private asked: string | undefined;
  /** The open room the server did not know: left out of syncs until it is opened again. */
  private missing: string | null = null;
  private readonly wake = new Subject<void>();
  private readonly reads = new Subject<void>();
  private readonly typingNow = new Subject<string>();
  private readonly sent = new Subject<void>();
  /** The highest read mark sent for each room. */
  private readonly readsSent = new Map<string, number>();
  /** The highest seq shown to the user in each room (while the tab was visible). */
  private readonly seenUpTo = new Map<string, number>();

  constructor() {
    const window = this.document.defaultView;
    const events = (name: string) => (window ? fromEvent(window, name) : EMPTY);
    const visible = fromEvent(this.document, 'visibilitychange').pipe(
      filter(() => this.document.visibilityState === 'visible'),
    );
    merge(
      events('online').pipe(tap(() => this.connectionBack())),
      events('offline').pipe(tap(() => this.state.offline.set(true))),
      visible.pipe(tap(() => this.syncNow())),
    )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe();

    // exhaustMap: never two syncs in flight; a tick during a slow one is skipped.
    merge(interval(POLL_INTERVAL_MS), this.wake)
      .pipe(
        startWith(0),
        exhaustMap(() => this.syncRound()),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe();
    this.reads
      .pipe(
        exhaustMap(() => this.sendReads()),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe();
    this.typingNow
      .pipe(
        // After a send the server stops showing the user as typing: the next keystroke tells it again.
        throttle(() => merge(timer(TYPING_EVERY_MS), this.sent)),
        exhaustMap((slug) => this.roomsApi.typing(slug).pipe(catchError(() => EMPTY))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe();
    this.outbox.deliveries
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ slug, message }) => {
        this.timeline(slug).add([message]);
        this.sent.next();
        this.syncNow();
      });
  }

  /** The room the tab shows now (null: none); its messages come with the next sync, at once. */
  open(slug: string | null): void {
    const left = this.state.openSlug();
    if (slug === left) return;
    // A tab open all day visits many rooms: what it keeps of a room left behind is bounded.
    if (left !== null) {
      this.older.get(left)?.unsubscribe();
      this.timeline(left).olderLoading(false);
      this.timeline(left).keepLatest(KEPT_PER_ROOM);
    }
    this.state.openSlug.set(slug);
    this.missing = null; // a room not found before may exist by now
    this.syncNow();
  }

  /** What the tab knows of a room (empty until its first sync). */
  timeline(slug: string): RoomTimeline {
    let timeline = this.timelines.get(slug);
    if (!timeline) {
      timeline = new RoomTimeline(slug);
      this.timelines.set(slug, timeline);
    }
    return timeline;
  }

  summary(slug: string): RoomSummary | undefined {
    return this.state.rooms().find((room) => room.slug === slug);
  }

  /** Sync now rather than at the next tick (or right after the one running). */
  syncNow(): void {
    this.again = true;
    this.wake.next();
  }

  /**
   * The user has seen the room's messages up to `seq` (they were on screen while
   * the tab was visible): moves the read position there, forward only.
   */
  seen(slug: string, seq: number): void {
    if (this.document.visibilityState !== 'visible') return;
    if (seq <= (this.seenUpTo.get(slug) ?? 0)) return;
    if (seq <= (this.summary(slug)?.readSeq ?? 0)) return; // read already (in another tab)
    this.seenUpTo.set(slug, seq);
    this.markReadLocally(slug, seq);
    this.reads.next();
  }

  /** The composer's text changed: tells the room, at most every few seconds. */
  reportTyping(slug: string): void {
    this.typingNow.next(slug);
  }

  /** The page of messages just older than the oldest shown. */
  loadOlder(slug: string): void {
    const timeline = this.timeline(slug);
    const oldest = timeline.messages()[0];
    if (!oldest || timeline.loadingOlder()) return;
    timeline.olderLoading(true);
    this.older.get(slug)?.unsubscribe();
    this.older.set(
      slug,
      this.messagesApi
        .before(slug, oldest.seq)
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({
          next: (page) => timeline.olderLoaded(page),
          error: () => timeline.olderLoading(false),
        }),
    );
  }

  /** An edit or a deletion the server confirmed: shown at once, the sync confirms it. */
  changed(slug: string, message: Message): void {
    this.timeline(slug).add([message]);
    this.syncNow();
  }

  private syncRound(): Observable<unknown> {
    const call = () => {
      this.again = false;
      const slug = this.state.openSlug();
      const room = slug && slug !== this.missing ? slug : undefined;
      this.asked = room;
      return this.api.sync({ room, since: this.cursor ?? undefined }).pipe(
        // A sync that hangs (a half-open connection after sleep) would hold every later tick.
        timeLimit(SYNC_TIMEOUT_MS),
        tap((answer) => this.received(answer)),
      );
    };
    return defer(call).pipe(
      expand((answer) => (answer.room?.more || this.again ? call() : EMPTY)),
      catchError((error: unknown) => this.failed(error)),
    );
  }

  private received(answer: SyncResponse): void {
    const previous = this.state.rooms();
    const first = this.cursor === null || answer.reset;
    this.cursor = answer.cursor;
    if (this.state.reconnecting()) this.outbox.resume();
    this.state.reconnecting.set(false);
    // An answer already on its way when the connection went stays the browser's word.
    this.state.offline.set(this.document.defaultView?.navigator.onLine === false);
    this.state.syncedAt.set(new Date());
    // A new list each poll, most often the same names: keep the old one so nothing recomputes.
    if (!sameNames(this.state.online(), answer.online)) this.state.online.set(answer.online);
    if (answer.reset) {
      for (const [slug, timeline] of this.timelines) {
        this.older.get(slug)?.unsubscribe(); // a page of the other history
        timeline.olderLoading(false);
        timeline.forget();
      }
      this.seenUpTo.clear();
      this.readsSent.clear();
    }
    this.state.rooms.set(first ? sortByName(answer.rooms) : mergeRooms(previous, answer.rooms));
    this.state.roomsLoaded.set(true);

    const room = answer.room;
    let newMessages: Message[] = [];
    if (room) {
      const timeline = this.timeline(room.slug);
      if (!room.first && room.changes.length > 0) {
        const known = new Set(timeline.messages().map((message) => message.id));
        // A change older than the oldest loaded is an edit or deletion of history, not news.
        const oldest = timeline.messages()[0]?.seq ?? 0;
        newMessages = room.changes.filter(
          (message) => !known.has(message.id) && !message.deleted && message.seq > oldest,
        );
      }
      if (room.first) {
        this.older.get(room.slug)?.unsubscribe();
        timeline.olderLoading(false);
        timeline.replace(room.changes);
      } else {
        timeline.apply(room.changes);
      }
      timeline.typingNow(room.typing);
      for (const message of room.changes) {
        if (message.clientId) this.outbox.acknowledged(message.clientId);
      }
    }
    // After the room's changes: the counts kept ahead are those of what it now holds.
    this.keepReadsAhead(answer.rooms);
    // Marks not yet on the server go (again) now: one that failed leaves no trace in the answer.
    this.reads.next();
    this.answers.next({
      previous: first ? null : previous,
      rooms: answer.rooms,
      openRoom: room ? { slug: room.slug, newMessages } : null,
    });
  }

  /** Rooms the server shows behind what this tab has seen (a read mark lost, or still on its way). */
  private keepReadsAhead(changed: readonly RoomSummary[]): void {
    for (const room of changed) {
      const seen = this.seenUpTo.get(room.slug) ?? 0;
      if (seen <= room.readSeq) continue;
      this.markReadLocally(room.slug, seen);
      if ((this.readsSent.get(room.slug) ?? 0) >= seen) this.readsSent.delete(room.slug);
    }
  }

  private failed(error: unknown): Observable<unknown> {
    const status = error instanceof HttpErrorResponse ? error.status : undefined;
    const slug = this.state.openSlug();
    if (status === 404 && this.asked) {
      this.missing = this.asked;
      this.timeline(this.asked).gone();
      // At once, leaving the room out (a syncNow() here would be dropped: this sync is still running).
      return this.syncRound();
    }
    if (status === 400) this.cursor = null; // a cursor the server refuses: start over
    this.state.reconnecting.set(true);
    if (slug) this.timeline(slug).typingNow([]);
    return EMPTY;
  }

  private connectionBack(): void {
    this.state.offline.set(false);
    this.outbox.resume();
    this.syncNow();
  }

  /**
   * Read marks the server has not had yet, one request at a time. Whatever the
   * server's answer, a later sync showing it behind what was seen sends it again.
   */
  private sendReads(): Observable<unknown> {
    const next = (): Observable<unknown> => {
      for (const [slug, seq] of this.seenUpTo) {
        const sent = this.readsSent.get(slug) ?? 0;
        if (seq > sent) {
          this.readsSent.set(slug, seq);
          return this.roomsApi.markRead(slug, seq).pipe(catchError(() => this.readFailed(slug)));
        }
      }
      return EMPTY;
    };
    return defer(next).pipe(
      expand(() => next()),
      catchError(() => EMPTY),
    );
  }

  private readFailed(slug: string): Observable<never> {
    this.readsSent.delete(slug);
    return EMPTY;
  }

  /**
   * The counts as they will be once the server has the read mark, shown at once.
   * What the tab has loaded of the room says how many unread remain after `seq`.
   */
  private markReadLocally(slug: string, seq: number): void {
    const me = this.session.user()?.username;
    const messages = this.timeline(slug).messages();
    const after = messages.filter((m) => m.seq > seq && !m.deleted && m.username !== me);
    const covered = (messages[0]?.seq ?? Infinity) <= seq + 1;
    this.state.rooms.update((rooms) =>
      rooms.map((room) =>
        room.slug !== slug || room.readSeq >= seq
          ? room
          : {
              ...room,
              readSeq: seq,
              unread: seq >= room.lastSeq ? 0 : covered ? after.length : room.unread,
              mentions:
                seq >= room.lastSeq
                  ? 0
                  : covered
                    ? after.filter((m) => me !== undefined && m.mentions.includes(me)).length
                    : room.mentions,
            },
      ),
    );
  }
}

function sortByName(rooms: readonly RoomSummary[]): RoomSummary[] {
  return [...rooms].sort((a, b) => byName.compare(a.name, b.name) || a.slug.localeCompare(b.slug));
}

/** The rooms as they were, with those that changed replaced and new ones added. */
function mergeRooms(
  current: readonly RoomSummary[],
  changed: readonly RoomSummary[],
): RoomSummary[] {
  if (changed.length === 0) return current as RoomSummary[];
  const bySlug = new Map(current.map((room) => [room.slug, room]));
  for (const room of changed) bySlug.set(room.slug, room);
  return sortByName([...bySlug.values()]);
}
