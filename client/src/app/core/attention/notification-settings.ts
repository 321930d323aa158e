import { DestroyRef, DOCUMENT, inject, Injectable, signal } from '@angular/core';

/** Which messages may raise a desktop notification. */
export type NotificationLevel = 'none' | 'mentions' | 'all';
/** The browser's answer, or 'unsupported' where there is no Notification API. */
export type NotificationAccess = NotificationPermission | 'unsupported';

export const NOTIFICATION_LEVEL_KEY = 'chat.notifications';
const LEVELS: readonly string[] = ['none', 'mentions', 'all'] satisfies NotificationLevel[];

const parseLevel = (value: string | null): NotificationLevel =>
  value !== null && LEVELS.includes(value) ? (value as NotificationLevel) : 'none';

/** The Notification API, read from the global each time so that tests can stub it. */
export function notificationApi(): typeof Notification | undefined {
  return typeof Notification === 'function' ? Notification : undefined;
}

/** This browser's choice of desktop notifications: off until the user opts in. */
@Injectable({ providedIn: 'root' })
export class NotificationSettings {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly currentLevel = signal(parseLevel(this.read()));
  private readonly currentAccess = signal(this.access());
  /** Only the latest call of `set` decides. */
  private asked = 0;

  readonly level = this.currentLevel.asReadonly();
  readonly supported = signal(notificationApi() !== undefined).asReadonly();
  readonly permission = this.currentAccess.asReadonly();

  constructor() {
    // Another tab of this browser changed the setting.
    const onStorage = (event: StorageEvent) => {
      if (event.key === NOTIFICATION_LEVEL_KEY || event.key === null) {
        this.currentLevel.set(parseLevel(this.read()));
      }
    };
    this.window?.addEventListener('storage', onStorage);
    inject(DestroyRef).onDestroy(() => this.window?.removeEventListener('storage', onStorage));
  }

  /**
   * Chooses a level. Anything but 'none' asks the browser for permission first and
   * falls back to 'none' unless it is granted. Resolves to the level now in force.
   */
  async set(level: NotificationLevel): Promise<NotificationLevel> {
    const call = ++this.asked;
    const granted = level === 'none' || (await this.requestPermission()) === 'granted';
    if (call !== this.asked) return this.currentLevel();
    const chosen = granted ? level : 'none';
    this.currentLevel.set(chosen);
    this.write(chosen);
    return chosen;
  }

  /** Reads the permission again: the user may have changed it in the browser's settings. */
  refreshPermission(): NotificationAccess {
    const access = this.access();
    this.currentAccess.set(access);
    return access;
  }

  private async requestPermission(): Promise<NotificationAccess> {
    const api = notificationApi();
    if (!api) return 'unsupported';
    let answer: NotificationAccess;
    try {
      // Older Safari answers through the callback only, newer browsers through the promise.
      answer = await new Promise<NotificationPermission>((resolve, reject) => {
        const promise = api.requestPermission(resolve) as
          Promise<NotificationPermission> | undefined;
        promise?.then(resolve, reject);
      });
    } catch {
      answer = this.access();
    }
    this.currentAccess.set(answer);
    return answer;
  }

  private access(): NotificationAccess {
    try {
      return notificationApi()?.permission ?? 'unsupported';
    } catch {
      return 'unsupported';
    }
  }

  /** Private modes and disabled storage throw on any access, even reading `localStorage`. */
  private read(): string | null {
    try {
      return localStorage.getItem(NOTIFICATION_LEVEL_KEY);
    } catch {
      return null;
    }
  }

  private write(level: NotificationLevel): void {
    try {
      localStorage.setItem(NOTIFICATION_LEVEL_KEY, level);
    } catch {
      // The choice then lasts as long as this page.
    }
  }
}
