import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterOutlet } from '@angular/router';
import { OnlineList } from '../online-list/online-list';
import { RoomNav } from '../room-nav/room-nav';
import { ChatSync } from '../state/chat-sync';
import { Outbox } from '../state/outbox';

/**
 * The logged-in chat: the rooms beside the open room on a wide screen, one or the
 * other on a phone. It owns the tab's sync poll and outbox, so both carry on across
 * room switches and end with the chat (on logout).
 */
@Component({
  selector: 'app-chat-shell',
  imports: [RouterOutlet, RoomNav, OnlineList],
  providers: [ChatSync, Outbox],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'flex min-h-0 flex-1' },
  template: `
    <aside
      aria-label="Rooms and people"
      class="hidden w-64 shrink-0 flex-col overflow-y-auto border-r border-slate-200 bg-slate-100/70 md:flex lg:w-72 dark:border-slate-800 dark:bg-slate-900/50"
    >
      <h2
        class="px-5 pt-4 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400"
      >
        Rooms
      </h2>
      <app-room-nav class="flex-1" />
      <app-online-list class="border-t border-slate-200 dark:border-slate-800" />
    </aside>
    <div class="flex min-w-0 flex-1 flex-col">
      <router-outlet />
    </div>
  `,
})
export default class ChatShell {
  private readonly chat = inject(ChatSync);
  private readonly pageName = computed(() => {
    const slug = this.chat.openSlug();
    if (!slug) return 'Rooms';
    return this.chat.summary(slug)?.name ?? slug;
  });

  constructor() {
    const title = inject(Title);
    effect(() => {
      const unread = this.chat.unreadTotal();
      title.setTitle(
        `${unread > 0 ? `(${unread > 99 ? '99+' : unread}) ` : ''}${this.pageName()} · Chat`,
      );
    });
  }
}
