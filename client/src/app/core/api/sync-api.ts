import { HttpClient, HttpParameterCodec, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, from, Observable } from 'rxjs';
import { SyncResponse } from './api-types';
import { takeEarlySync } from './early-sync';
import { timeLimit } from './time-limit';

/**
 * Encodes every reserved character. Angular's default codec leaves `+` as it is,
 * which a server reads back as a space; the cursor is opaque and must arrive intact.
 */
const STRICT_CODEC: HttpParameterCodec = {
  encodeKey: encodeURIComponent,
  encodeValue: encodeURIComponent,
  decodeKey: decodeURIComponent,
  decodeValue: decodeURIComponent,
};

export interface SyncQuery {
  /** The slug of the room the tab shows; none on the rooms list. */
  room?: string;
  /** The previous answer's cursor; none on the first call. */
  since?: string;
}

/** How long the first sync waits for the start-up one before asking itself. */
const EARLY_WAIT_MS = 5000;

@Injectable({ providedIn: 'root' })
export class SyncApi {
  private readonly http = inject(HttpClient);

  /** The tab's one poll: see the README's "Sync protocol". */
  sync(query: SyncQuery): Observable<SyncResponse> {
    const early = query.since === undefined ? takeEarlySync(query.room) : null;
    // The answer asked for at start-up if it came; otherwise the usual request.
    if (!early) return this.request(query);
    return from(early).pipe(
      timeLimit(EARLY_WAIT_MS),
      catchError(() => this.request(query)),
    );
  }

  private request(query: SyncQuery): Observable<SyncResponse> {
    let params = new HttpParams({ encoder: STRICT_CODEC });
    if (query.room !== undefined) params = params.set('room', query.room);
    if (query.since !== undefined) params = params.set('since', query.since);
    return this.http.get<SyncResponse>('/api/sync', { params });
  }
}
