import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  Injector,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../../../core/auth/session-store';
import { ChatSync } from '../../chat/state/chat-sync';
import NotFound from '../../not-found/not-found';
import { Composer } from '../composer/composer';
import { MessageActions } from '../message-actions';
import { MessageList } from '../message-list/message-list';
import { timeOfDay } from '../timeline/timeline';
import { typingLabel } from '../typing-label';

@Component({
  selector: 'app-room-page',
  imports: [RouterLink, Composer, MessageList, NotFound],
  providers: [MessageActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'flex min-h-0 flex-1 flex-col' },
  templateUrl: './room-page.html',
})
export default class RoomPage {
  /** From the route, `/rooms/:slug`. */
  readonly slug = input.required<string>();

  protected readonly chat = inject(ChatSync);
  protected readonly session = inject(SessionStore);
  protected readonly timeline = computed(() => this.chat.timeline(this.slug()));
  protected readonly name = computed(
    () => this.chat.summary(this.slug())?.name ?? (this.timeline().loaded() ? this.slug() : null),
  );
  /** "Offline — showing messages up to 14:32". */
  protected readonly syncedAt = computed(() => {
    const at = this.chat.syncedAt();
    return at ? timeOfDay(at.toISOString()) : null;
  });
  /** What the connection is like, when it is not fine: one status region, always there. */
  protected readonly connection = computed(() => {
    if (this.chat.offline()) {
      const time = this.syncedAt();
      return time ? `Offline — showing messages up to ${time}` : 'Offline';
    }
    return this.chat.reconnecting() ? 'Reconnecting…' : '';
  });
  protected readonly typing = computed(() => typingLabel(this.timeline().typing()));
  private readonly composer = viewChild(Composer);

  constructor() {
    const injector = inject(Injector);
    const document = inject(DOCUMENT);
    // A room opens ready for writing, once it is there (not for a room that does not exist);
    // on a touch screen that would pop up the keyboard.
    let focusedFor: string | null = null;
    effect(() => {
      const slug = this.slug();
      untracked(() => this.chat.open(slug));
      const timeline = this.timeline();
      if (!timeline.loaded() || timeline.notFound() || focusedFor === slug) return;
      focusedFor = slug;
      const coarse = document.defaultView?.matchMedia?.('(pointer: coarse)').matches;
      if (!coarse) afterNextRender(() => this.focusComposer(), { injector });
    });
  }

  /** After "load older", "new messages" or an edit: back to writing. */
  protected focusComposer(): void {
    this.composer()?.focus();
  }
}
