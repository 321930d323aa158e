import type { Page } from '@playwright/test';

/**
 * The page's view of the OS: notifications it showed are recorded (and can be clicked),
 * and the tab can be made to look hidden, as when the user is in another tab. The
 * Notification class and the page's visibility are the browser's boundary with the
 * desktop, which a headless browser does not have.
 */
export async function installAttentionProbe(page: Page): Promise<void> {
  await page.context().grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const shown: { title: string; body?: string; tag?: string; click: () => void }[] = [];
    class RecordingNotification {
      static readonly permission = 'granted';
      static requestPermission(): Promise<NotificationPermission> {
        return Promise.resolve('granted');
      }
      onclick: ((event: Event) => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({
          title,
          body: options?.body,
          tag: options?.tag,
          click: () => this.onclick?.(new Event('click')),
        });
      }
      close(): void {}
      addEventListener(): void {}
    }
    Object.assign(window, { Notification: RecordingNotification, __notifications: shown });
    let hidden = false;
    Object.defineProperty(document, 'visibilityState', {
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    Object.defineProperty(document, 'hidden', { get: () => hidden });
    Object.assign(window, {
      __setHidden: (value: boolean) => {
        hidden = value;
        document.dispatchEvent(new Event('visibilitychange'));
      },
    });
  });
}

export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(
    (value) => (window as unknown as { __setHidden(v: boolean): void }).__setHidden(value),
    hidden,
  );
}

export async function shownNotifications(
  page: Page,
): Promise<{ title: string; body?: string; tag?: string }[]> {
  return page.evaluate(() =>
    (
      window as unknown as { __notifications: { title: string; body?: string; tag?: string }[] }
    ).__notifications.map(({ title, body, tag }) => ({ title, body, tag })),
  );
}

/** Clicks the notification at `index`, as the user would on the desktop. */
export async function clickNotification(page: Page, index: number): Promise<void> {
  await page.evaluate(
    (at) =>
      (window as unknown as { __notifications: { click(): void }[] }).__notifications[at].click(),
    index,
  );
}
