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
    return this.http
      .get<{ room: Room }>(`/api/rooms/${encodeURIComponent(slug)}`)
      .pipe(map((body) => body.room));
  }

  create(room: { name: string; slug?: string }): Observable<Room> {
    return this.http.post<{ room: Room }>('/api/rooms', room).pipe(map((body) => body.room));
  }
}
