import { signal } from '@angular/core';
import { Message } from '../../../core/api/api-types';
import { DEFAULT_PAGE } from '../../../core/api/chat-rules';
import { applyChanges, mergeMessages } from '../../room/merge-messages';

/**
 * What a tab knows of one room's messages. Kept while the tab lives, so that going
 * back to a room shows it at once, and the next sync brings it up to date.
 */
export class RoomTimeline {
  private readonly state = {
    messages: signal<Message[]>([]),
    loaded: signal(false),
    hasOlder: signal(false),
    loadingOlder: signal(false),
    typing: signal<string[]>([]),
    notFound: signal(false),
  };
  /** In seq order; deleted ones stay in place as tombstones. */
  readonly messages = this.state.messages.asReadonly();
  /** The room's latest page has arrived at least once. */
  readonly loaded = this.state.loaded.asReadonly();
  readonly hasOlder = this.state.hasOlder.asReadonly();
  readonly loadingOlder = this.state.loadingOlder.asReadonly();
  /** Others typing in the room now. */
  readonly typing = this.state.typing.asReadonly();
  readonly notFound = this.state.notFound.asReadonly();

  constructor(readonly slug: string) {}

  /** The room's latest page (a first sync or a reset): it replaces what was shown. */
  replace(page: readonly Message[]): void {
    this.state.messages.set([...page]);
    this.state.hasOlder.set(page.length === DEFAULT_PAGE);
    this.state.loaded.set(true);
    this.state.notFound.set(false);
  }

  /** A sync's changes: new messages, edits and deletions. */
  apply(changes: readonly Message[]): void {
    this.state.messages.update((current) => applyChanges(current, changes));
  }

  /** Messages from elsewhere (a send's answer, an edit's answer, an older page). */
  add(messages: readonly Message[]): void {
    this.state.messages.update((current) => mergeMessages(current, messages));
  }

  olderLoading(loading: boolean): void {
    this.state.loadingOlder.set(loading);
  }

  olderLoaded(page: readonly Message[]): void {
    this.add(page);
    this.state.hasOlder.set(page.length === DEFAULT_PAGE);
    this.state.loadingOlder.set(false);
  }

  typingNow(usernames: string[]): void {
    if (!sameNames(this.state.typing(), usernames)) this.state.typing.set(usernames);
  }

  gone(): void {
    this.state.notFound.set(true);
    this.state.typing.set([]);
  }

  /** Drops all but the latest `count` messages; the rest can be loaded again as older ones. */
  keepLatest(count: number): void {
    const messages = this.state.messages();
    if (messages.length <= count) return;
    this.state.messages.set(messages.slice(-count));
    this.state.hasOlder.set(true);
    this.state.loadingOlder.set(false);
  }

  /** What was known may belong to another database (a reset): forget it. */
  forget(): void {
    this.state.notFound.set(false);
    this.state.messages.set([]);
    this.state.loaded.set(false);
    this.state.hasOlder.set(false);
    this.state.typing.set([]);
  }
}

/** The same names in the same order: a poll's list that changes nothing shown. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
