import { inject, Injectable } from '@angular/core';
import { SessionStore } from '../../../core/auth/session-store';
import { LocalStore } from './local-store';

/**
 * What was typed in each room and not sent, per user, in this browser: it survives
 * a room switch, a reload and a logout (it is there again after the next login).
 */
@Injectable({ providedIn: 'root' })
export class Drafts {
  private readonly store = inject(LocalStore);
  private readonly session = inject(SessionStore);

  get(slug: string): string {
    const draft = this.store.get(this.key(slug));
    return typeof draft === 'string' ? draft : '';
  }

  set(slug: string, text: string): void {
    if (text.trim() === '') this.store.remove(this.key(slug));
    else this.store.set(this.key(slug), text);
  }

  private key(slug: string): string {
    return `chat.draft.${this.session.user()?.id ?? 0}.${slug}`;
  }
}
