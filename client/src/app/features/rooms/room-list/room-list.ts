import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Room } from '../../../core/api/api-types';
import { errorMessage } from '../../../core/api/error-message';
import { RoomsApi } from '../../../core/api/rooms-api';
import { SessionStore } from '../../../core/auth/session-store';
import { NewRoomForm } from '../new-room-form/new-room-form';
import { ErrorAlert } from '../../../shared/ui/error-alert';

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

@Component({
  selector: 'app-room-list',
  imports: [RouterLink, NewRoomForm, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './room-list.html',
})
export default class RoomList {
  protected readonly session = inject(SessionStore);
  private readonly api = inject(RoomsApi);

  protected readonly rooms = signal<Room[] | null>(null);
  protected readonly loadError = signal<string | null>(null);

  constructor() {
    this.api.list().subscribe({
      next: (rooms) => this.rooms.set(rooms),
      error: (error: unknown) => this.loadError.set(errorMessage(error)),
    });
  }

  protected added(room: Room): void {
    this.rooms.update((rooms) =>
      [...(rooms ?? []), room].sort((a, b) => byName.compare(a.name, b.name)),
    );
  }
}
