import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../../../core/auth/session-store';
import NotFound from '../../not-found/not-found';
import { Composer } from '../composer/composer';
import { MessageList } from '../message-list/message-list';
import { RoomChatStore } from '../room-chat-store';
import { typingLabel } from '../typing-label';

@Component({
  selector: 'app-room-page',
  imports: [RouterLink, Composer, MessageList, NotFound],
  providers: [RoomChatStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'flex min-h-0 flex-1 flex-col' },
  templateUrl: './room-page.html',
})
export default class RoomPage {
  /** From the route, `/rooms/:slug`. */
  readonly slug = input.required<string>();

  protected readonly chat = inject(RoomChatStore);
  protected readonly session = inject(SessionStore);
  protected readonly typing = computed(() => typingLabel(this.chat.typing()));

  constructor() {
    this.chat.connect(this.slug);
    const title = inject(Title);
    effect(() => title.setTitle(`${this.chat.room()?.name ?? this.slug()} · Chat`));
  }
}
