import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { Room } from './api-types';

@Injectable({ providedIn: 'root' })
export class RoomsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Room[]> {
    return this.http.get<{ rooms: Room[] }>('/api/rooms').pipe(map((body) => body.rooms));
  }

  get(slug: string): Observable<Room> {
    return this.http.get<{ room: Room }>(this.path(slug)).pipe(map((body) => body.room));
  }

  create(room: { name: string; slug?: string }): Observable<Room> {
    return this.http.post<{ room: Room }>('/api/rooms', room).pipe(map((body) => body.room));
  }

  /** Moves the user's read position in the room forward to `seq` (a lower one changes nothing). */
  markRead(slug: string, seq: number): Observable<void> {
    return this.http.post<void>(`${this.path(slug)}/read`, { seq });
  }

  /** Shows the user as typing in the room for a few seconds. */
  typing(slug: string): Observable<void> {
    return this.http.post<void>(`${this.path(slug)}/typing`, null);
  }

  private path(slug: string): string {
    return `/api/rooms/${encodeURIComponent(slug)}`;
  }
}
