import { HttpErrorResponse } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom, Subject } from 'rxjs';
import { Message } from '../../../core/api/api-types';
import { errorMessage } from '../../../core/api/error-message';
import { MessagesApi } from '../../../core/api/messages-api';
import { timeLimit, TimedOut } from '../../../core/api/time-limit';
import { SessionStore } from '../../../core/auth/session-store';
import { LocalStore } from './local-store';

/** A send that got no answer is tried again after these waits before it shows as failed. */
export const SEND_RETRY_DELAYS_MS = [1000, 2000];
/** A send with no answer by then counts as lost (a half-open connection after sleep). */
export const SEND_TIMEOUT_MS = 15_000;
/**
 * Found in storage older than this (a tab closed offline, reopened days later), a
 * message waits for the user's Retry instead of going out by itself, out of context.
 */
export const STALE_AFTER_MS = 15 * 60_000;

export interface OutboxEntry {
  /** Sent with every attempt: the server stores the message once whatever happens. */
  clientId: string;
  slug: string;
  content: string;
  /** When it was written (ms): the order messages go out in. */
  createdAt: number;
  state: 'sending' | 'failed';
  /** Failed for want of a connection: it goes again by itself when the connection returns. */
  retryable?: boolean;
  error?: string;
}

/**
 * Messages written and not yet acknowledged. Each shows at once as "sending" and
 * is kept in this browser (per user), so neither a reload nor a dropped connection
 * loses it; they go out one at a time, in the order written, with the same clientId
 * on every attempt, so a message is never stored twice.
 */
@Injectable()
export class Outbox {
  private readonly api = inject(MessagesApi);
  private readonly store = inject(LocalStore);
  private readonly session = inject(SessionStore);
  private readonly entries = signal<OutboxEntry[]>([]);
  private readonly delivered = new Subject<{ slug: string; message: Message }>();
  private readonly prefix = `chat.outbox.${this.session.user()?.id ?? 0}.`;
  private draining = false;
  private stopped = false;
  /** Entries this browser's storage holds: gone from it, another tab discarded or sent them. */
  private readonly persisted = new Set<string>();

  /** In the order they go out. */
  readonly all = this.entries.asReadonly();
  readonly pending = computed(() => this.entries().length);
  /** Each message the server acknowledged, with its stored copy. */
  readonly deliveries = this.delivered.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.stopped = true));
    this.entries.set(this.restore());
    void this.drain();
  }

  forRoom(slug: string): OutboxEntry[] {
    return this.entries().filter((entry) => entry.slug === slug);
  }

  add(slug: string, content: string): OutboxEntry {
    const entry: OutboxEntry = {
      clientId: crypto.randomUUID(),
      slug,
      content,
      createdAt: Math.max(Date.now(), (this.entries().at(-1)?.createdAt ?? 0) + 1),
      state: 'sending',
    };
    this.save(entry);
    this.entries.update((entries) => [...entries, entry]);
    void this.drain();
    return entry;
  }

  /** "Retry" on a failed message. */
  retry(clientId: string): void {
    this.update(clientId, { state: 'sending', error: undefined, retryable: undefined });
    void this.drain();
  }

  /** "Discard" on a failed message. */
  discard(clientId: string): void {
    this.remove(clientId);
    void this.drain();
  }

  /** The connection is back: what failed for want of it goes again, in order. */
  resume(): void {
    const waiting = this.entries().filter((entry) => entry.state === 'failed' && entry.retryable);
    for (const entry of waiting)
      this.update(entry.clientId, { state: 'sending', error: undefined });
    if (waiting.length) void this.drain();
  }

  /** The message reached the server by another way (another tab, a lost answer): done. */
  acknowledged(clientId: string): void {
    if (this.has(clientId)) this.remove(clientId);
  }

  /**
   * Sends, one at a time and in order, every message that is due. A message that
   * failed for want of a connection holds back those written after it, so they
   * never arrive out of order; one the server refused does not.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        if (this.stopped) return;
        const entries = this.entries();
        const blocked = entries.findIndex((entry) => entry.state === 'failed' && entry.retryable);
        const next = entries.find(
          (entry, index) => entry.state === 'sending' && (blocked === -1 || index < blocked),
        );
        if (!next) return;
        await this.deliver(next);
      }
    } finally {
      this.draining = false;
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (this.goneElsewhere(entry.clientId)) return;
        const message = await firstValueFrom(
          this.api.send(entry.slug, entry.content, entry.clientId).pipe(timeLimit(SEND_TIMEOUT_MS)),
        );
        this.remove(entry.clientId);
        this.delivered.next({ slug: entry.slug, message });
        return;
      } catch (error: unknown) {
        if (this.stopped || !this.has(entry.clientId)) return; // discarded meanwhile
        if (status(error) === 401) {
          // The session ended: keep it for after the next login.
          this.stopped = true;
          return;
        }
        const transient = isTransient(error);
        if (transient && attempt < SEND_RETRY_DELAYS_MS.length) {
          await sleep(retryAfter(error) ?? SEND_RETRY_DELAYS_MS[attempt]);
          if (this.stopped || !this.has(entry.clientId)) return;
          continue;
        }
        this.update(entry.clientId, {
          state: 'failed',
          retryable: transient,
          error: transient ? 'No connection' : errorMessage(error),
        });
        return;
      }
    }
  }

  /**
   * Another tab of this user discarded the message, or sent it (the sync brings it):
   * it is no longer in storage, so this tab drops its copy instead of sending it.
   */
  private goneElsewhere(clientId: string): boolean {
    if (!this.persisted.has(clientId) || this.store.get(this.prefix + clientId) !== undefined) {
      return false;
    }
    this.persisted.delete(clientId);
    this.entries.update((entries) => entries.filter((entry) => entry.clientId !== clientId));
    return true;
  }

  private has(clientId: string): boolean {
    return this.entries().some((entry) => entry.clientId === clientId);
  }

  private update(clientId: string, change: Partial<OutboxEntry>): void {
    this.entries.update((entries) =>
      entries.map((entry) => {
        if (entry.clientId !== clientId) return entry;
        const updated = { ...entry, ...change };
        this.save(updated);
        return updated;
      }),
    );
  }

  private remove(clientId: string): void {
    this.persisted.delete(clientId);
    this.store.remove(this.prefix + clientId);
    this.entries.update((entries) => entries.filter((entry) => entry.clientId !== clientId));
  }

  private save(entry: OutboxEntry): void {
    if (this.store.set(this.prefix + entry.clientId, entry)) this.persisted.add(entry.clientId);
  }

  /** What this user left unsent in this browser, failed ones included, oldest first. */
  private restore(): OutboxEntry[] {
    const staleBefore = Date.now() - STALE_AFTER_MS;
    const entries = this.store
      .keys(this.prefix)
      .map((key) => this.store.get(key))
      .filter(isEntry)
      .map((entry): OutboxEntry => {
        const due = entry.state === 'sending' || entry.retryable === true;
        if (!due) return entry;
        if (entry.createdAt < staleBefore) {
          return { ...entry, state: 'failed', retryable: false, error: 'Not sent in time' };
        }
        return { ...entry, state: 'sending' };
      })
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const entry of entries) this.persisted.add(entry.clientId);
    return entries;
  }
}

function isEntry(value: unknown): value is OutboxEntry {
  const entry = value as Partial<OutboxEntry> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.clientId === 'string' &&
    typeof entry.slug === 'string' &&
    typeof entry.content === 'string' &&
    typeof entry.createdAt === 'number' &&
    (entry.state === 'sending' || entry.state === 'failed')
  );
}

function status(error: unknown): number | undefined {
  return error instanceof HttpErrorResponse ? error.status : undefined;
}

/**
 * No answer (or none in time), a timeout, the send limit, or the server failing: the
 * same request may go again, and what was written after it waits.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof TimedOut) return true;
  const code = status(error) ?? -1;
  return code === 0 || code === 408 || code === 429 || code >= 500;
}

/** The server's Retry-After, in ms, when it gave one (capped: the entry must not look stuck). */
function retryAfter(error: unknown): number | undefined {
  if (!(error instanceof HttpErrorResponse)) return undefined;
  const seconds = Number(error.headers?.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
