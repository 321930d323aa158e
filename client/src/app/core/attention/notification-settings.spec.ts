import { TestBed } from '@angular/core/testing';
import {
  NOTIFICATION_LEVEL_KEY,
  NotificationLevel,
  NotificationSettings,
} from './notification-settings';
import { FakeNotification } from './testing/fake-notification';

describe('NotificationSettings', () => {
  const settings = () => TestBed.inject(NotificationSettings);

  beforeEach(() => {
    localStorage.clear();
    FakeNotification.reset();
    vi.stubGlobal('Notification', FakeNotification);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  it('is off until the user opts in', () => {
    expect(settings().level()).toBe('none');
    expect(settings().supported()).toBe(true);
    expect(settings().permission()).toBe('default');
  });

  it.each<NotificationLevel>(['none', 'mentions', 'all'])('reads a stored %s', (level) => {
    localStorage.setItem(NOTIFICATION_LEVEL_KEY, level);
    expect(settings().level()).toBe(level);
  });

  it.each(['', 'ALL', 'true', '{"level":"all"}'])('reads the garbage %j as none', (stored) => {
    localStorage.setItem(NOTIFICATION_LEVEL_KEY, stored);
    expect(settings().level()).toBe('none');
  });

  it('asks for permission, then keeps and stores the level', async () => {
    await expect(settings().set('mentions')).resolves.toBe('mentions');
    expect(FakeNotification.asked).toBe(1);
    expect(settings().level()).toBe('mentions');
    expect(settings().permission()).toBe('granted');
    expect(localStorage.getItem(NOTIFICATION_LEVEL_KEY)).toBe('mentions');
  });

  it.each<NotificationPermission>(['denied', 'default'])(
    'falls back to none when the permission is %s',
    async (answer) => {
      localStorage.setItem(NOTIFICATION_LEVEL_KEY, 'mentions');
      FakeNotification.answer = answer;
      await expect(settings().set('all')).resolves.toBe('none');
      expect(settings().level()).toBe('none');
      expect(settings().permission()).toBe(answer);
      expect(localStorage.getItem(NOTIFICATION_LEVEL_KEY)).toBe('none');
    },
  );

  it('turns off without asking', async () => {
    localStorage.setItem(NOTIFICATION_LEVEL_KEY, 'all');
    await expect(settings().set('none')).resolves.toBe('none');
    expect(FakeNotification.asked).toBe(0);
    expect(localStorage.getItem(NOTIFICATION_LEVEL_KEY)).toBe('none');
  });

  it('understands browsers that answer through the callback only', async () => {
    vi.spyOn(FakeNotification, 'requestPermission').mockImplementation(((
      callback: (permission: NotificationPermission) => void,
    ) => {
      setTimeout(() => callback('granted'));
      return undefined;
    }) as unknown as typeof FakeNotification.requestPermission);
    await expect(settings().set('all')).resolves.toBe('all');
  });

  it('lets only the latest choice decide when the user changes it while asked', async () => {
    const first = settings().set('all');
    const second = settings().set('none');
    await Promise.all([first, second]);
    expect(settings().level()).toBe('none');
  });

  it('stays off where the browser has no notifications', async () => {
    vi.stubGlobal('Notification', undefined);
    expect(settings().supported()).toBe(false);
    expect(settings().permission()).toBe('unsupported');
    await expect(settings().set('all')).resolves.toBe('none');
  });

  it('works, for this page only, where storage throws (private modes)', async () => {
    const storage = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')!;
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    try {
      expect(settings().level()).toBe('none');
      await expect(settings().set('all')).resolves.toBe('all');
      expect(settings().level()).toBe('all');
    } finally {
      Object.defineProperty(globalThis, 'localStorage', storage);
    }
  });

  it('follows a change made in another tab', () => {
    const service = settings();
    localStorage.setItem(NOTIFICATION_LEVEL_KEY, 'mentions');
    window.dispatchEvent(new StorageEvent('storage', { key: NOTIFICATION_LEVEL_KEY }));
    expect(service.level()).toBe('mentions');
  });

  it('reads the permission again on demand', () => {
    const service = settings();
    FakeNotification.permission = 'denied';
    expect(service.refreshPermission()).toBe('denied');
    expect(service.permission()).toBe('denied');
  });
});
