/**
 * A stand-in for the browser's `Notification` class, for specs: install it with
 * `vi.stubGlobal('Notification', FakeNotification)` after `FakeNotification.reset()`.
 */
export class FakeNotification {
  static permission: NotificationPermission = 'default';
  /** What the user answers when asked. */
  static answer: NotificationPermission = 'granted';
  static asked = 0;
  static shown: FakeNotification[] = [];

  static reset(permission: NotificationPermission = 'default'): void {
    FakeNotification.permission = permission;
    FakeNotification.answer = 'granted';
    FakeNotification.asked = 0;
    FakeNotification.shown = [];
  }

  static requestPermission(): Promise<NotificationPermission> {
    FakeNotification.asked += 1;
    FakeNotification.permission = FakeNotification.answer;
    return Promise.resolve(FakeNotification.answer);
  }

  onclick: ((event: Event) => void) | null = null;
  onclose: ((event: Event) => void) | null = null;
  readonly close = vi.fn(() => this.onclose?.(new Event('close')));

  constructor(
    readonly title: string,
    readonly options: NotificationOptions = {},
  ) {
    FakeNotification.shown.push(this);
  }
}
