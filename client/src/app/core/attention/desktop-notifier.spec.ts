import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { MockInstance } from 'vitest';
import { AttentionEvent } from './attention-events';
import { APP_ICON, DesktopNotifier, notificationBody, notificationTitle } from './desktop-notifier';
import { NOTIFICATION_LEVEL_KEY, NotificationLevel } from './notification-settings';
import { FakeNotification } from './testing/fake-notification';

const mention: AttentionEvent = {
  slug: 'general',
  roomName: 'General',
  kind: 'mention',
  count: 1,
  from: 'alice',
  text: 'hi @me',
};
const messages: AttentionEvent = { slug: 'random', roomName: 'Random', kind: 'message', count: 3 };

describe('DesktopNotifier', () => {
  let visibility: DocumentVisibilityState;
  let navigate: MockInstance<Router['navigate']>;

  function notifier(level: NotificationLevel, permission: NotificationPermission = 'granted') {
    localStorage.setItem(NOTIFICATION_LEVEL_KEY, level);
    FakeNotification.reset(permission);
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    return TestBed.inject(DesktopNotifier);
  }

  beforeEach(() => {
    visibility = 'hidden';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    vi.stubGlobal('Notification', FakeNotification);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    localStorage.clear();
  });

  it('shows every event with "all" while the tab is hidden', () => {
    notifier('all').notify([mention, messages]);
    expect(FakeNotification.shown.map((shown) => shown.title)).toEqual([
      'alice mentioned you in General',
      '3 new messages in Random',
    ]);
  });

  it('shows only mentions with "mentions"', () => {
    notifier('mentions').notify([mention, messages]);
    expect(FakeNotification.shown.map((shown) => shown.title)).toEqual([
      'alice mentioned you in General',
    ]);
  });

  it('tags by room, so that tabs and repeats replace each other, with the body and icon', () => {
    notifier('all').notify([mention]);
    expect(FakeNotification.shown[0].options).toEqual({
      body: 'hi @me',
      tag: 'chat-room-general',
      icon: APP_ICON,
    });
  });

  it('shows nothing while the tab is visible', () => {
    visibility = 'visible';
    notifier('all').notify([mention, messages]);
    expect(FakeNotification.shown).toEqual([]);
  });

  it('shows nothing when the setting is none', () => {
    notifier('none').notify([mention, messages]);
    expect(FakeNotification.shown).toEqual([]);
  });

  it.each<NotificationPermission>(['default', 'denied'])(
    'shows nothing when the permission is %s',
    (permission) => {
      notifier('all', permission).notify([mention, messages]);
      expect(FakeNotification.shown).toEqual([]);
    },
  );

  it('focuses the window, opens the room and closes the notification on a click', () => {
    notifier('all').notify([mention]);
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    const shown = FakeNotification.shown[0];
    const click = new Event('click', { cancelable: true });
    shown.onclick!(click);
    expect(click.defaultPrevented).toBe(true); // the browser would focus some other tab
    expect(focus).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith(['/rooms', 'general']);
    expect(shown.close).toHaveBeenCalled();
  });

  it('ignores a browser that refuses to construct notifications', () => {
    const service = notifier('all');
    vi.stubGlobal(
      'Notification',
      class extends FakeNotification {
        constructor() {
          super('');
          throw new TypeError(
            'Illegal constructor. Use ServiceWorkerRegistration.showNotification()',
          );
        }
      },
    );
    expect(() => service.notify([mention])).not.toThrow();
  });

  it('closes what it showed once the user is back in the tab', () => {
    notifier('all').notify([mention, messages]);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeNotification.shown.every((shown) => shown.close.mock.calls.length === 1)).toBe(true);
  });
});

describe('notificationTitle', () => {
  it.each<[Partial<AttentionEvent>, string]>([
    [{ kind: 'mention', count: 1, from: 'alice' }, 'alice mentioned you in General'],
    [{ kind: 'mention', count: 1 }, 'You were mentioned in General'],
    [{ kind: 'mention', count: 2, from: 'alice' }, '2 mentions of you in General'],
    [{ kind: 'message', count: 3 }, '3 new messages in General'],
    [{ kind: 'message', count: 3, from: 'alice' }, '3 new messages in General'],
    [{ kind: 'message', count: 1, from: 'alice' }, 'alice in General'],
    [{ kind: 'message', count: 1 }, 'New message in General'],
  ])('%o gives %s', (event, title) => {
    expect(
      notificationTitle({ slug: 'general', roomName: 'General', ...event } as AttentionEvent),
    ).toBe(title);
  });
});

describe('notificationBody', () => {
  const body = (event: Partial<AttentionEvent>) =>
    notificationBody({ ...messages, count: 1, ...event });

  it('is the text on one line, as plain text', () => {
    expect(body({ text: '  <b>hi</b>\n\nthere  ' })).toBe('<b>hi</b> there');
    expect(body({})).toBe('');
  });

  it('names the author when the title counts several messages', () => {
    expect(body({ count: 2, from: 'alice', text: 'hi' })).toBe('alice: hi');
  });

  it('is cut to 140 characters, never inside an emoji', () => {
    const cut = body({ text: '😀'.repeat(200) });
    expect(Array.from(cut)).toHaveLength(140);
    expect(cut).toBe('😀'.repeat(139) + '…');
    expect(body({ text: 'a'.repeat(140) })).toBe('a'.repeat(140));
  });
});
