import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ChatSync } from '../state/chat-sync';
import { countLabel, roomAccessibleName } from './count-label';

/** Every room with the user's unread and mention counts; the open one marked. */
@Component({
  selector: 'app-room-nav',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  templateUrl: './room-nav.html',
})
export class RoomNav {
  protected readonly chat = inject(ChatSync);
  protected readonly countLabel = countLabel;
  protected readonly accessibleName = roomAccessibleName;
}
