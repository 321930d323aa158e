import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterOutlet } from '@angular/router';
import { attentionEvents } from '../../../core/attention/attention-events';
import { DesktopNotifier } from '../../../core/attention/desktop-notifier';
import { NotificationSettingsMenu } from '../../../core/attention/notification-settings-menu';
import { TabBadge } from '../../../core/attention/tab-badge';
import { SessionStore } from '../../../core/auth/session-store';
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
  imports: [RouterOutlet, RoomNav, OnlineList, NotificationSettingsMenu],
  providers: [ChatSync, Outbox],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'flex min-h-0 flex-1' },
  template: `
    <aside
      aria-label="Rooms and people"
      class="hidden w-64 shrink-0 flex-col overflow-y-auto border-r border-line bg-tint/60 md:flex lg:w-72"
    >
      <h2 class="px-5 pt-4 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">Rooms</h2>
      <app-room-nav class="flex-1" />
      <app-online-list class="border-t border-line" />
      <app-notification-settings class="border-t border-line px-4 py-3" />
    </aside>
    <div data-skip-target tabindex="-1" class="flex min-w-0 flex-1 flex-col outline-none">
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
    const badge = inject(TabBadge);
    const notifier = inject(DesktopNotifier);
    const session = inject(SessionStore);
    effect(() =>
      badge.show({
        unread: this.chat.unreadTotal(),
        mentions: this.chat.mentionTotal(),
        title: this.pageName(),
      }),
    );
    this.chat.answers.pipe(takeUntilDestroyed()).subscribe((sync) => {
      const me = session.user()?.username ?? '';
      notifier.notify(attentionEvents(sync.previous, sync.rooms, sync.openRoom, me));
    });
    // Leaving the chat (logging out): no badge on the next page, and no notification
    // left on the desktop for the next person to read or click.
    inject(DestroyRef).onDestroy(() => {
      badge.show({ unread: 0, mentions: 0, title: '' });
      notifier.closeAll();
    });
  }
}
