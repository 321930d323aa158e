import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionStore } from '../../../core/auth/session-store';
import { NotificationSettingsMenu } from '../../../core/attention/notification-settings-menu';
import { OnlineList } from '../../chat/online-list/online-list';
import { RoomNav } from '../../chat/room-nav/room-nav';
import { ChatSync } from '../../chat/state/chat-sync';
import { NewRoomForm } from '../new-room-form/new-room-form';

/**
 * `/rooms`: on a phone the list of rooms itself; on a wide screen, where the list
 * is in the sidebar, a prompt to pick one. Admins create rooms here.
 */
@Component({
  selector: 'app-room-list',
  imports: [NewRoomForm, RoomNav, NotificationSettingsMenu, OnlineList],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block min-h-0 flex-1 overflow-y-auto' },
  templateUrl: './room-list.html',
})
export default class RoomList {
  protected readonly session = inject(SessionStore);
  protected readonly chat = inject(ChatSync);

  constructor() {
    this.chat.open(null);
  }

  /** A new room shows in every list with the next sync; this tab asks for it now. */
  protected added(): void {
    this.chat.syncNow();
  }
}
