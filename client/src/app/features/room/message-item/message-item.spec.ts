import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Message, User } from '../../../core/api/api-types';
import { SessionStore } from '../../../core/auth/session-store';
import { ChatSync } from '../../chat/state/chat-sync';
import { testMessage } from '../../../testing/messages';
import { MessageActions } from '../message-actions';
import { MessageItem } from './message-item';

describe('MessageItem', () => {
  let fixture: ComponentFixture<MessageItem>;
  let http: HttpTestingController;
  let changed: ReturnType<typeof vi.fn<(slug: string, message: Message) => void>>;
  const user = signal<User>({ id: 1, username: 'me', isAdmin: false });
  let doneCount: number;

  const host = () => fixture.nativeElement as HTMLElement;
  const menuButton = () => host().querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]');
  const items = () => [...host().querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  const editor = () => host().querySelector<HTMLTextAreaElement>('textarea');

  async function render(message: Message, continued = false): Promise<void> {
    fixture = TestBed.createComponent(MessageItem);
    fixture.componentRef.setInput('message', message);
    fixture.componentRef.setInput('slug', 'general');
    fixture.componentRef.setInput('me', user().username);
    fixture.componentRef.setInput('continued', continued);
    fixture.componentInstance.done.subscribe(() => (doneCount += 1));
    document.body.append(host());
    await fixture.whenStable();
  }

  async function key(target: Element, name: string, init: KeyboardEventInit = {}): Promise<void> {
    target.dispatchEvent(
      new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init }),
    );
    await fixture.whenStable();
  }

  beforeEach(() => {
    doneCount = 0;
    user.set({ id: 1, username: 'me', isAdmin: false });
    changed = vi.fn<(slug: string, message: Message) => void>();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        MessageActions,
        { provide: SessionStore, useValue: { user } },
        { provide: ChatSync, useValue: { changed } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    fixture?.destroy();
    http.verify();
  });

  it('shows the author and the time once per group, the full date for screen readers and on hover', async () => {
    await render(testMessage(1, 'bob', { createdAt: '2026-11-27T13:05:00.000Z' }));
    expect(host().textContent).toContain('bob');
    const time = host().querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2026-11-27T13:05:00.000Z');
    expect(time?.getAttribute('title')).toMatch(/27/);
    expect(time?.querySelector('.sr-only')?.textContent).toMatch(/2026/);

    fixture.destroy();
    await render(testMessage(2, 'bob'), true);
    expect(host().querySelector('time')).toBeNull();
    expect(host().textContent).not.toContain('bob');
  });

  it('offers no menu on others’ messages to a user, and only Delete to an admin', async () => {
    await render(testMessage(1, 'bob'));
    expect(menuButton()).toBeNull();
    fixture.destroy();
    user.set({ id: 1, username: 'me', isAdmin: true });
    await render(testMessage(1, 'bob'));
    menuButton()!.click();
    await fixture.whenStable();
    expect(items().map((item) => item.textContent?.trim())).toEqual(['Delete']);
  });

  it('opens its menu with focus on the first item; arrows move, Escape closes and returns focus', async () => {
    await render(testMessage(1, 'me'));
    const button = menuButton()!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.click();
    await fixture.whenStable();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(items().map((item) => item.textContent?.trim())).toEqual(['Edit', 'Delete']);
    expect(document.activeElement).toBe(items()[0]);
    await key(items()[0], 'ArrowDown');
    expect(document.activeElement).toBe(items()[1]);
    await key(items()[1], 'ArrowDown');
    expect(document.activeElement).toBe(items()[0]);
    await key(items()[0], 'ArrowUp');
    expect(document.activeElement).toBe(items()[1]);
    await key(items()[1], 'Escape');
    expect(items()).toEqual([]);
    expect(document.activeElement).toBe(button);
  });

  it('edits in place: Enter saves through the API and tells the room, Escape cancels', async () => {
    const message = testMessage(1, 'me', { content: 'Lunch at noon?' });
    await render(message);
    menuButton()!.click();
    await fixture.whenStable();
    items()[0].click();
    await fixture.whenStable();
    expect(editor()?.value).toBe('Lunch at noon?');
    expect(document.activeElement).toBe(editor());

    editor()!.value = '  Lunch at one?  ';
    editor()!.dispatchEvent(new Event('input'));
    await key(editor()!, 'Enter', { shiftKey: true }); // a new line, not a save
    http.expectNone('/api/rooms/general/messages/1001');
    await key(editor()!, 'Enter');
    const request = http.expectOne('/api/rooms/general/messages/1001');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ content: 'Lunch at one?' });
    const edited = { ...message, content: 'Lunch at one?', editedAt: '2026-01-01T12:01:00.000Z' };
    request.flush({ message: edited });
    await fixture.whenStable();
    expect(changed).toHaveBeenCalledExactlyOnceWith('general', edited);
    expect(editor()).toBeNull();
    expect(doneCount).toBe(1);

    TestBed.inject(MessageActions).startEditing(1001);
    await fixture.whenStable();
    await key(editor()!, 'Escape');
    expect(editor()).toBeNull();
    expect(doneCount).toBe(2);
  });

  it('keeps the editor open with the reason when the server refuses the edit', async () => {
    await render(testMessage(1, 'me'));
    TestBed.inject(MessageActions).startEditing(1001);
    await fixture.whenStable();
    editor()!.value = 'new words';
    editor()!.dispatchEvent(new Event('input'));
    await key(editor()!, 'Enter');
    http
      .expectOne('/api/rooms/general/messages/1001')
      .flush(
        { statusCode: 403, message: 'Only the author may edit' },
        { status: 403, statusText: 'Forbidden' },
      );
    await fixture.whenStable();
    expect(editor()?.value).toBe('new words');
    expect(host().querySelector('[role="alert"]')?.textContent).toContain(
      'Only the author may edit',
    );
  });

  it('deletes only after the dialog is confirmed, leaving a tombstone', async () => {
    const message = testMessage(1, 'me', { content: 'oops', mentions: ['bob'] });
    await render(message);
    menuButton()!.click();
    await fixture.whenStable();
    items()[1].click();
    await fixture.whenStable();
    const dialog = host().querySelector('dialog');
    expect(dialog?.textContent).toContain('Delete this message?');
    http.expectNone('/api/rooms/general/messages/1001');
    const confirm = [...dialog!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Delete',
    )!;
    confirm.click();
    const request = http.expectOne('/api/rooms/general/messages/1001');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(changed).toHaveBeenCalledExactlyOnceWith('general', {
      ...message,
      content: '',
      deleted: true,
      mentions: [],
    });
    expect(host().querySelector('dialog')).toBeNull();
  });

  it('shows a deleted message as a tombstone, with no menu and no text', async () => {
    await render(testMessage(1, 'me', { deleted: true, content: '' }));
    expect(host().textContent).toContain('message deleted');
    expect(menuButton()).toBeNull();
  });
});
