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

  /** Replaces the text of one's own message; the answer carries `editedAt`. */
  edit(slug: string, id: number, content: string): Observable<Message> {
    return this.http
      .patch<{ message: Message }>(`${this.path(slug)}/${id}`, { content })
      .pipe(map((body) => body.message));
  }

  /** Deletes a message (one's own, or any for an admin): a tombstone stays in its place. */
  delete(slug: string, id: number): Observable<void> {
    return this.http.delete<void>(`${this.path(slug)}/${id}`);
  }

  private path(slug: string): string {
    return `/api/rooms/${encodeURIComponent(slug)}/messages`;
  }
}
