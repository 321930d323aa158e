import { DestroyRef, inject, Injectable, Injector, Signal, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { HttpErrorResponse } from '@angular/common/http';
import {
  catchError,
  EMPTY,
  exhaustMap,
  expand,
  forkJoin,
  interval,
  merge,
  Observable,
  startWith,
  Subject,
  Subscription,
  switchMap,
  takeWhile,
  tap,
} from 'rxjs';
import { Message, Room } from '../../core/api/api-types';
import { DEFAULT_PAGE, MAX_PAGE } from '../../core/api/chat-rules';
import { MessagesApi } from '../../core/api/messages-api';
import { RoomsApi } from '../../core/api/rooms-api';
import { mergeMessages } from './merge-messages';

export const POLL_INTERVAL_MS = 2000;

/**
 * One open room: its messages, the poll that keeps them current, history paging
 * and sending. Provided by the room page, so it ends (and its polling with it)
 * when the page does.
 */
@Injectable()
export class RoomChatStore {
  private readonly messagesApi = inject(MessagesApi);
  private readonly roomsApi = inject(RoomsApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  private readonly state = {
    room: signal<Room | null>(null),
    messages: signal<Message[]>([]),
    notFound: signal(false),
    reconnecting: signal(false),
    hasOlder: signal(false),
    loadingOlder: signal(false),
  };
  readonly room = this.state.room.asReadonly();
  readonly messages = this.state.messages.asReadonly();
  readonly notFound = this.state.notFound.asReadonly();
  /** The last poll (or first load) failed; polling goes on. */
  readonly reconnecting = this.state.reconnecting.asReadonly();
  readonly hasOlder = this.state.hasOlder.asReadonly();
  readonly loadingOlder = this.state.loadingOlder.asReadonly();

  /**
   * The poll cursor: the highest id a poll or the first load has returned. A
   * message shown from a send response does not move it, or a message someone
   * else sent a moment before it (a lower id) would never be fetched.
   */
  private lastId: number | null = null;
  private slug = '';
  private readonly pollNow = new Subject<void>();
  /** Sends acknowledged so far: a poll that was already running when one landed polls again. */
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

  /** Sends a message; on success it is shown at once and a poll runs right away. */
  send(content: string): Observable<Message> {
    const slug = this.slug;
    return this.messagesApi.send(slug, content).pipe(
      tap((message) => {
        if (slug !== this.slug) return; // sent from a room left since
        this.add([message]);
        this.sends += 1;
        this.pollNow.next();
      }),
    );
  }

  /** The page of messages just older than the oldest shown. */
  loadOlder(): void {
    const oldest = this.state.messages()[0];
    if (!oldest || this.state.loadingOlder()) return;
    this.state.loadingOlder.set(true);
    this.older = this.messagesApi
      .before(this.slug, oldest.id)
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
    this.older.unsubscribe();
    this.state.loadingOlder.set(false);
    this.slug = slug;
    this.lastId = null;
    this.state.room.set(null);
    this.state.messages.set([]);
    this.state.notFound.set(false);
    this.state.reconnecting.set(false);
    this.state.hasOlder.set(false);
    // exhaustMap: never two requests in flight; a tick during a slow one is skipped.
    return merge(interval(POLL_INTERVAL_MS), this.pollNow).pipe(
      startWith(undefined),
      takeWhile(() => !this.state.notFound()),
      exhaustMap(() => (this.lastId === null ? this.firstLoad() : this.poll())),
    );
  }

  private firstLoad(): Observable<unknown> {
    return forkJoin([this.roomsApi.get(this.slug), this.messagesApi.latest(this.slug)]).pipe(
      tap(([room, latest]) => {
        this.state.room.set(room);
        this.state.hasOlder.set(latest.length === DEFAULT_PAGE);
        this.received(latest);
      }),
      catchError((error: unknown) => this.failed(error)),
    );
  }

  /**
   * Newer messages, batch after batch while batches come back full. A send
   * acknowledged while this poll ran gets one more batch: the immediate poll it
   * asked for was skipped (exhaustMap) and this one may have started before it.
   */
  private poll(): Observable<unknown> {
    let sendsSeen = this.sends;
    const batch = () =>
      this.messagesApi
        .after(this.slug, this.lastId ?? 0)
        .pipe(tap((messages) => this.received(messages)));
    return batch().pipe(
      expand((messages) => {
        if (messages.length === MAX_PAGE) return batch();
        if (this.sends === sendsSeen) return EMPTY;
        sendsSeen = this.sends;
        return batch();
      }),
      catchError((error: unknown) => this.failed(error)),
    );
  }

  private received(messages: Message[]): void {
    this.lastId = Math.max(this.lastId ?? 0, ...messages.map((message) => message.id));
    this.add(messages);
    this.state.reconnecting.set(false);
  }

  private add(messages: Message[]): void {
    this.state.messages.update((current) => mergeMessages(current, messages));
  }

  private failed(error: unknown): Observable<never> {
    if (error instanceof HttpErrorResponse && error.status === 404) {
      this.state.notFound.set(true); // and the stream ends at the next tick
      return EMPTY;
    }
    this.state.reconnecting.set(true);
    return EMPTY;
  }
}
