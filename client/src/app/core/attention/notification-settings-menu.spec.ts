import { ComponentFixture, TestBed } from '@angular/core/testing';
import { NotificationSettingsMenu } from './notification-settings-menu';
import { NOTIFICATION_LEVEL_KEY } from './notification-settings';
import { FakeNotification } from './testing/fake-notification';

describe('NotificationSettingsMenu', () => {
  let fixture: ComponentFixture<NotificationSettingsMenu>;

  const host = () => fixture.nativeElement as HTMLElement;
  const select = () => host().querySelector('select') as HTMLSelectElement;
  const hint = () => host().querySelector('select + span')?.textContent?.trim();

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(NotificationSettingsMenu);
    await fixture.whenStable();
  }

  async function choose(value: string): Promise<void> {
    select().value = value;
    select().dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(FakeNotification.asked).toBeGreaterThan(0));
    await fixture.whenStable();
  }

  beforeEach(() => {
    FakeNotification.reset();
    vi.stubGlobal('Notification', FakeNotification);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('is a labelled select of the three levels, showing the stored one', async () => {
    localStorage.setItem(NOTIFICATION_LEVEL_KEY, 'mentions');
    await render();
    const label = host().querySelector('label')!;
    expect(label.textContent?.trim()).toBe('Notifications');
    expect(label.htmlFor).toBe(select().id);
    expect(Array.from(select().options, (option) => option.text.trim())).toEqual([
      'None',
      'Mentions only',
      'All messages',
    ]);
    expect(select().value).toBe('mentions');
    expect(hint()).toBeUndefined();
  });

  it('keeps a choice the browser allows', async () => {
    await render();
    await choose('all');
    expect(select().value).toBe('all');
    expect(localStorage.getItem(NOTIFICATION_LEVEL_KEY)).toBe('all');
  });

  it('goes back to None, and says why, when the browser blocks notifications', async () => {
    FakeNotification.answer = 'denied';
    await render();
    await choose('all');
    await vi.waitFor(() => expect(select().value).toBe('none'));
    expect(hint()).toBe('Blocked in browser settings');
    expect(select().getAttribute('aria-describedby')).toBe(
      host().querySelector('select + span')!.id,
    );
  });

  it('is disabled, and says why, where the browser has no notifications', async () => {
    vi.stubGlobal('Notification', undefined);
    await render();
    expect(select().disabled).toBe(true);
    expect(hint()).toBe('Not supported by this browser');
  });
});
