import { DestroyRef, DOCUMENT, inject, Injectable, Injector, Signal, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { HttpErrorResponse } from '@angular/common/http';
import {
  catchError,
  defer,
  EMPTY,
  exhaustMap,
  expand,
  fromEvent,
  interval,
  merge,
  Observable,
  retry,
  startWith,
  Subject,
  Subscription,
  switchMap,
  takeWhile,
  tap,
  throttle,
  throwError,
  timer,
} from 'rxjs';
import { Message, Room, SyncResponse } from '../../core/api/api-types';
import { DEFAULT_PAGE } from '../../core/api/chat-rules';
import { MessagesApi } from '../../core/api/messages-api';
import { RoomsApi } from '../../core/api/rooms-api';
import { SyncApi } from '../../core/api/sync-api';
import { applyChanges, mergeMessages } from './merge-messages';

export const POLL_INTERVAL_MS = 2000;
/** The composer reports typing at most this often (the server shows it for 6 s). */
export const TYPING_EVERY_MS = 3000;
/** A send that got no answer is tried again after 1 s, then 2 s, before it fails. */
export const SEND_RETRY_DELAYS_MS = [1000, 2000];

/**
 * One open room: its messages, the sync poll that keeps them current, history
 * paging, sending, the read position and typing. Provided by the room page, so
 * it ends (and its polling with it) when the page does.
 */
@Injectable()
export class RoomChatStore {
  private readonly syncApi = inject(SyncApi);
  private readonly messagesApi = inject(MessagesApi);
  private readonly roomsApi = inject(RoomsApi);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  private readonly state = {
    room: signal<Pick<Room, 'slug' | 'name'> | null>(null),
    messages: signal<Message[]>([]),
    typing: signal<string[]>([]),
    notFound: signal(false),
    reconnecting: signal(false),
    hasOlder: signal(false),
    loadingOlder: signal(false),
  };
  readonly room = this.state.room.asReadonly();
  /** In seq order; deleted ones stay in place as tombstones. */
  readonly messages = this.state.messages.asReadonly();
  /** Others typing in the room now. */
  readonly typing = this.state.typing.asReadonly();
  readonly notFound = this.state.notFound.asReadonly();
  /** The last sync failed; syncing goes on. */
  readonly reconnecting = this.state.reconnecting.asReadonly();
  readonly hasOlder = this.state.hasOlder.asReadonly();
  readonly loadingOlder = this.state.loadingOlder.asReadonly();

  /** The last sync's cursor; null until the first answer, and after a refused one. */
  private cursor: string | null = null;
  private slug = '';
  /** The user's read position as the server has it: read marks only move it forward. */
  private readSeq = 0;
  /** The last send that failed: the same text sent again keeps its clientId (see send). */
  private failedSend: { content: string; clientId: string } | null = null;
  private readonly sent = new Subject<void>();
  private readonly readNow = new Subject<void>();
  private readonly typingNow = new Subject<void>();
  /** Sends acknowledged so far: a sync that was already running when one landed syncs again. */
  private sends = 0;
  /** The "load older" request in flight: it belongs to one room, and ends with the store. */
  private older = Subscription.EMPTY;

  /** Follows the room slug: each new slug starts over (latest wins). */
  connect(slug: Signal<string>): void {
    toObservable(slug, { injector: this.injector })
      .pipe(
        switchMap((next) => this.follow(next)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe();
  }

  /**
   * Sends a message with a new clientId, or with the failed one when the same text
   * is sent again: if the failure hid a success, the server answers with the stored
   * message instead of storing another. A send that got no answer is retried by
   * itself with the same id. On success it is shown at once and a sync runs.
   */
  send(content: string): Observable<Message> {
    const slug = this.slug;
    const clientId =
      this.failedSend?.content === content ? this.failedSend.clientId : crypto.randomUUID();
    return this.messagesApi.send(slug, content, clientId).pipe(
      retry({
        count: SEND_RETRY_DELAYS_MS.length,
        delay: (error: unknown, attempt) =>
          isTransient(error) ? timer(SEND_RETRY_DELAYS_MS[attempt - 1]) : throwError(() => error),
      }),
      tap({
        next: (message) => {
          if (slug !== this.slug) return; // sent from a room left since
          this.failedSend = null;
          this.add([message]);
          this.sends += 1;
          this.sent.next();
        },
        error: () => {
          if (slug === this.slug) this.failedSend = { content, clientId };
        },
      }),
    );
  }

  /** The composer's text changed: tells the room, at most every few seconds. */
  reportTyping(): void {
    this.typingNow.next();
  }

  /** The page of messages just older than the oldest shown. */
  loadOlder(): void {
    const oldest = this.state.messages()[0];
    if (!oldest || this.state.loadingOlder()) return;
    this.state.loadingOlder.set(true);
    this.older = this.messagesApi
      .before(this.slug, oldest.seq)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (older) => {
          this.add(older);
          this.state.hasOlder.set(older.length === DEFAULT_PAGE);
          this.state.loadingOlder.set(false);
        },
        error: () => this.state.loadingOlder.set(false),
      });
  }

  private follow(slug: string): Observable<unknown> {
    this.slug = slug;
    this.cursor = null;
    this.readSeq = 0;
    this.failedSend = null;
    this.state.room.set(null);
    this.startOver([]);
    this.state.typing.set([]);
    this.state.notFound.set(false);
    this.state.reconnecting.set(false);
    // exhaustMap: never two requests of a kind in flight; a tick during a slow one is skipped.
    const polls = merge(interval(POLL_INTERVAL_MS), this.sent).pipe(
      startWith(undefined),
      takeWhile(() => !this.state.notFound()),
      exhaustMap(() => this.sync()),
    );
    const reads = merge(this.readNow, fromEvent(this.document, 'visibilitychange')).pipe(
      exhaustMap(() => this.markRead()),
    );
    const typing = this.typingNow.pipe(
      // After a send the server stops showing the user as typing: the next keystroke tells it again.
      throttle(() => merge(timer(TYPING_EVERY_MS), this.sent)),
      exhaustMap(() => this.roomsApi.typing(slug).pipe(catchError(() => EMPTY))),
    );
    return merge(polls, reads, typing);
  }

  /**
   * One sync, followed at once by the next while the server has more, and once
   * more when a send was acknowledged while it ran: the immediate sync the send
   * asked for was skipped (exhaustMap) and this one may have started before it.
   */
  private sync(): Observable<unknown> {
    let sendsSeen = this.sends;
    const call = () =>
      this.syncApi
        .sync({ room: this.slug, since: this.cursor ?? undefined })
        .pipe(tap((answer) => this.received(answer)));
    return call().pipe(
      expand((answer) => {
        if (answer.room?.more) return call();
        if (this.sends === sendsSeen) return EMPTY;
        sendsSeen = this.sends;
        return call();
      }),
      catchError((error: unknown) => this.failed(error)),
    );
  }

  private received(answer: SyncResponse): void {
    this.cursor = answer.cursor;
    this.state.reconnecting.set(false);
    const room = answer.room;
    if (!room) return;
    const summary = answer.rooms.find((entry) => entry.slug === this.slug);
    if (room.first) {
      // The first answer, or a reset: this is the room's latest page, whatever was shown.
      this.state.room.set({ slug: this.slug, name: summary?.name ?? this.slug });
      this.startOver(room.changes);
      this.state.hasOlder.set(room.changes.length === DEFAULT_PAGE);
      this.readSeq = summary?.readSeq ?? 0;
    } else {
      this.state.messages.update((current) => applyChanges(current, room.changes));
      this.readSeq = Math.max(this.readSeq, summary?.readSeq ?? 0);
    }
    this.state.typing.set(room.typing);
    this.readNow.next();
  }

  /**
   * Marks the room read up to the newest message shown, while the page is visible:
   * forward only, one request at a time, then once more if newer ones came meanwhile.
   * A failure is left for the next sync to retry.
   */
  private markRead(): Observable<unknown> {
    const next = (): Observable<unknown> => {
      const seq = this.state.messages().at(-1)?.seq ?? 0;
      if (this.document.visibilityState !== 'visible' || seq <= this.readSeq) return EMPTY;
      return this.roomsApi
        .markRead(this.slug, seq)
        .pipe(tap(() => (this.readSeq = Math.max(this.readSeq, seq))));
    };
    return defer(next).pipe(
      expand(() => next()),
      catchError(() => EMPTY),
    );
  }

  private startOver(messages: Message[]): void {
    this.older.unsubscribe();
    this.state.loadingOlder.set(false);
    this.state.hasOlder.set(false);
    this.state.messages.set(messages);
  }

  private add(messages: Message[]): void {
    this.state.messages.update((current) => mergeMessages(current, messages));
  }

  private failed(error: unknown): Observable<never> {
    const status = error instanceof HttpErrorResponse ? error.status : undefined;
    if (status === 404) {
      this.state.notFound.set(true); // and the stream ends at the next tick
      return EMPTY;
    }
    if (status === 400) this.cursor = null; // a cursor the server refuses: start over
    this.state.reconnecting.set(true);
    this.state.typing.set([]);
    return EMPTY;
  }
}

/** No answer, or a gateway or busy server: the request may be sent again as it is. */
function isTransient(error: unknown): boolean {
  return error instanceof HttpErrorResponse && [0, 502, 503, 504].includes(error.status);
}
