import { DestroyRef, DOCUMENT, inject, Injectable } from '@angular/core';
import { Router } from '@angular/router';
import { AttentionEvent } from './attention-events';
import { notificationApi, NotificationSettings } from './notification-settings';

/** The app's icon as index.html links it (the tab's link may hold a badged copy). */
export const APP_ICON = '/favicon.svg';
const BODY_LENGTH = 140;

/** `alice mentioned you in General`, `3 new messages in General`, `alice in General`… */
export function notificationTitle({ kind, count, from, roomName }: AttentionEvent): string {
  if (kind === 'mention') {
    if (from && count <= 1) return `${from} mentioned you in ${roomName}`;
    return count > 1
      ? `${count} mentions of you in ${roomName}`
      : `You were mentioned in ${roomName}`;
  }
  if (count > 1) return `${count} new messages in ${roomName}`;
  return from ? `${from} in ${roomName}` : `New message in ${roomName}`;
}

/** The latest message as one line of plain text, at most 140 characters. */
export function notificationBody({ count, from, text }: AttentionEvent): string {
  const line = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!line) return '';
  // When the title counts several messages it names nobody: say whose this one is.
  const body = count > 1 && from ? `${from}: ${line}` : line;
  const characters = Array.from(body); // by code point, so no emoji is cut in half
  if (characters.length <= BODY_LENGTH) return body;
  return `${characters
    .slice(0, BODY_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

/** Desktop notifications for rooms' events while the tab is hidden, as the settings allow. */
@Injectable({ providedIn: 'root' })
export class DesktopNotifier {
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  private readonly settings = inject(NotificationSettings);
  /** Shown by this tab, by room; stale once the user is back. */
  private readonly shown = new Map<string, Notification>();

  constructor() {
    const onVisibility = () => {
      if (this.document.visibilityState === 'visible') this.closeAll();
    };
    this.document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() =>
      this.document.removeEventListener('visibilitychange', onVisibility),
    );
  }

  notify(events: readonly AttentionEvent[]): void {
    const level = this.settings.level();
    if (level === 'none' || events.length === 0) return;
    if (this.document.visibilityState !== 'hidden') return;
    if (this.settings.refreshPermission() !== 'granted') return;
    for (const event of events) {
      if (level === 'all' || event.kind === 'mention') this.show(event);
    }
  }

  private show(event: AttentionEvent): void {
    const api = notificationApi();
    if (!api) return;
    let notification: Notification;
    try {
      // Several tabs of one user, and repeated events, replace each other by tag.
      notification = new api(notificationTitle(event), {
        body: notificationBody(event),
        tag: `chat-room-${event.slug}`,
        icon: APP_ICON,
      });
    } catch {
      return; // Chrome on Android, for one, only notifies through a service worker.
    }
    this.shown.set(event.slug, notification);
    notification.onclick = (click) => {
      click.preventDefault();
      this.document.defaultView?.focus();
      void this.router.navigate(['/rooms', event.slug]);
      notification.close();
    };
    notification.onclose = () => {
      if (this.shown.get(event.slug) === notification) this.shown.delete(event.slug);
    };
  }

  /** Closes every notification this tab shows (on return to the tab, and on logout). */
  closeAll(): void {
    for (const notification of this.shown.values()) notification.close();
    this.shown.clear();
  }
}
