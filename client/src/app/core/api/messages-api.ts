import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { Message } from './api-types';

@Injectable({ providedIn: 'root' })
export class MessagesApi {
  private readonly http = inject(HttpClient);

  /** The latest page (DEFAULT_PAGE messages), oldest first. */
  latest(slug: string): Observable<Message[]> {
    return this.list(slug, {});
  }

  /** Newer than `id`, oldest first, at most MAX_PAGE (a full batch: there may be more): the poll. */
  after(slug: string, id: number): Observable<Message[]> {
    return this.list(slug, { after: id });
  }

  /** The page (DEFAULT_PAGE messages) just older than `id`, oldest first. */
  before(slug: string, id: number): Observable<Message[]> {
    return this.list(slug, { before: id });
  }

  send(slug: string, content: string): Observable<Message> {
    return this.http
      .post<{ message: Message }>(`${this.path(slug)}`, { content })
      .pipe(map((body) => body.message));
  }

  private list(slug: string, params: Record<string, number>): Observable<Message[]> {
    return this.http
      .get<{ messages: Message[] }>(this.path(slug), { params })
      .pipe(map((body) => body.messages));
  }

  private path(slug: string): string {
    return `/api/rooms/${encodeURIComponent(slug)}/messages`;
  }
}
