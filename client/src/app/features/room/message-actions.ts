import { inject, Injectable, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { Message } from '../../core/api/api-types';
import { MessagesApi } from '../../core/api/messages-api';
import { SessionStore } from '../../core/auth/session-store';
import { ChatSync } from '../chat/state/chat-sync';

/**
 * Editing and deleting in the open room: who may, which message is being edited,
 * and the calls. Provided by the room page.
 */
@Injectable()
export class MessageActions {
  private readonly api = inject(MessagesApi);
  private readonly chat = inject(ChatSync);
  private readonly session = inject(SessionStore);
  private readonly editingId = signal<number | null>(null);

  /** The message open for editing, if any. */
  readonly editing = this.editingId.asReadonly();

  /** Edit is the author's alone; delete is the author's or an admin's. */
  canEdit(message: Message): boolean {
    return !message.deleted && message.username === this.session.user()?.username;
  }

  canDelete(message: Message): boolean {
    return !message.deleted && (this.canEdit(message) || this.session.user()?.isAdmin === true);
  }

  startEditing(id: number): void {
    this.editingId.set(id);
  }

  stopEditing(): void {
    this.editingId.set(null);
  }

  save(slug: string, id: number, content: string): Observable<Message> {
    return this.api.edit(slug, id, content).pipe(
      tap((message) => {
        this.chat.changed(slug, message);
        if (this.editingId() === id) this.editingId.set(null);
      }),
    );
  }

  remove(slug: string, message: Message): Observable<void> {
    return this.api.delete(slug, message.id).pipe(
      tap(() => {
        this.chat.changed(slug, { ...message, content: '', deleted: true, mentions: [] });
        if (this.editingId() === message.id) this.editingId.set(null);
      }),
    );
  }
}
