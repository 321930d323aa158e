import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { Message } from './api-types';

@Injectable({ providedIn: 'root' })
export class MessagesApi {
  private readonly http = inject(HttpClient);

  /** The page (DEFAULT_PAGE messages) just older than `seq`, oldest first: the sync poll's order. */
  before(slug: string, seq: number): Observable<Message[]> {
    return this.http
      .get<{ messages: Message[] }>(this.path(slug), { params: { beforeSeq: seq } })
      .pipe(map((body) => body.messages));
  }

  /**
   * Sends a message. `clientId` (a UUID) makes it exactly-once: sent again with the
   * same one, the server answers with the message it stored the first time.
   */
  send(slug: string, content: string, clientId: string): Observable<Message> {
    return this.http
      .post<{ message: Message }>(this.path(slug), { content, clientId })
      .pipe(map((body) => body.message));
  }

  private path(slug: string): string {
    return `/api/rooms/${encodeURIComponent(slug)}/messages`;
  }
}
