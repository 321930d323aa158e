import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
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
  protected readonly typing = computed(() => typingLabel(this.timeline().typing()));
  private readonly composer = viewChild(Composer);

  constructor() {
    effect(() => {
      const slug = this.slug();
      untracked(() => this.chat.open(slug));
    });
  }

  /** After "load older", "new messages" or an edit: back to writing. */
  protected focusComposer(): void {
    this.composer()?.focus();
  }
}
