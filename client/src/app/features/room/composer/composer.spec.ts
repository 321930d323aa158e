import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Message, User } from '../../../core/api/api-types';
import { SessionStore } from '../../../core/auth/session-store';
import { ChatSync } from '../../chat/state/chat-sync';
import { Drafts } from '../../chat/state/drafts';
import { Outbox } from '../../chat/state/outbox';
import { MessageActions } from '../message-actions';
import { Composer } from './composer';

function message(id: number, username: string, deleted = false): Message {
  return {
    id,
    seq: id,
    content: deleted ? '' : `message ${id}`,
    username,
    date: '12:00:00',
    createdAt: '2026-01-01T12:00:00.000Z',
    editedAt: null,
    deleted,
    mentions: [],
  };
}

describe('Composer', () => {
  let fixture: ComponentFixture<Composer>;
  /** The outbox and the sync are the component's boundaries: it hands messages over and reports typing. */
  let add: ReturnType<typeof vi.fn<(slug: string, content: string) => void>>;
  let reportTyping: ReturnType<typeof vi.fn<(slug: string) => void>>;
  let startEditing: ReturnType<typeof vi.fn<(id: number) => void>>;
  const messages = signal<Message[]>([]);
  const online = signal<string[]>([]);
  const me: User = { id: 7, username: 'me', isAdmin: false };

  const host = () => fixture.nativeElement as HTMLElement;
  const textarea = () => host().querySelector('textarea') as HTMLTextAreaElement;
  const button = () => host().querySelector('button[type=submit]') as HTMLButtonElement;

  async function type(text: string): Promise<void> {
    textarea().value = text;
    textarea().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function press(key: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    textarea().dispatchEvent(event);
    await fixture.whenStable();
    return event;
  }

  async function openRoom(slug: string): Promise<void> {
    fixture.componentRef.setInput('slug', slug);
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    messages.set([]);
    online.set([]);
    add = vi.fn<(slug: string, content: string) => void>();
    reportTyping = vi.fn<(slug: string) => void>();
    startEditing = vi.fn<(id: number) => void>();
    TestBed.configureTestingModule({
      imports: [Composer],
      providers: [
        { provide: SessionStore, useValue: { user: signal(me) } },
        { provide: Outbox, useValue: { add } },
        {
          provide: ChatSync,
          useValue: { reportTyping, online, timeline: () => ({ messages }) },
        },
        {
          provide: MessageActions,
          useValue: {
            startEditing,
            canEdit: (m: Message) => !m.deleted && m.username === me.username,
          },
        },
      ],
    });
    fixture = TestBed.createComponent(Composer);
    await openRoom('general');
  });

  afterEach(() => localStorage.clear());

  it('hands the trimmed text to the outbox on Enter, empties the box and keeps focus there', async () => {
    textarea().focus();
    await type('  hello  ');
    const event = await press('Enter');
    expect(event.defaultPrevented).toBe(true);
    expect(add).toHaveBeenCalledExactlyOnceWith('general', 'hello');
    expect(textarea().value).toBe('');
    expect(document.activeElement).toBe(textarea());
  });

  it('sends with the Send button too, and the box is free at once for the next message', async () => {
    await type('first');
    button().click();
    await fixture.whenStable();
    await type('second');
    button().click();
    await fixture.whenStable();
    expect(add.mock.calls).toEqual([
      ['general', 'first'],
      ['general', 'second'],
    ]);
    expect(document.activeElement).toBe(textarea());
  });

  it('tells the room the user is typing when the text changes, but not for blank text', async () => {
    await type('h');
    await type('   ');
    await type('hi');
    expect(reportTyping.mock.calls).toEqual([['general'], ['general']]);
  });

  it('does not send on Shift+Enter, while an IME is composing, or on other keys', async () => {
    await type('hello');
    await press('Enter', { shiftKey: true });
    await press('Enter', { isComposing: true });
    await press('a');
    expect(add).not.toHaveBeenCalled();
    expect(textarea().value).toBe('hello');
  });

  it('leaves an Enter that something else took (the mention list) alone', async () => {
    await type('@al');
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    event.preventDefault();
    textarea().dispatchEvent(event);
    await fixture.whenStable();
    expect(add).not.toHaveBeenCalled();
  });

  it('disables Send while the text is blank, whitespace or invisible, as the server counts it', async () => {
    expect(button().disabled).toBe(true);
    for (const blank of ['   \n\t ', '\u200b\u200b', '\u2060']) {
      await type(blank);
      expect(button().disabled).toBe(true);
      await press('Enter');
    }
    expect(add).not.toHaveBeenCalled();
    await type(' x ');
    expect(button().disabled).toBe(false);
  });

  it('refuses more than 4000 characters as the server counts them: 4000 emoji pass, 4001 do not', async () => {
    await type('😀'.repeat(4001));
    expect(button().disabled).toBe(true);
    expect(host().textContent).toContain('at most 4000 characters');
    await press('Enter');
    expect(add).not.toHaveBeenCalled();

    await type('😀'.repeat(4000));
    expect(button().disabled).toBe(false);
    await press('Enter');
    expect(add).toHaveBeenCalledExactlyOnceWith('general', '😀'.repeat(4000));
  });

  it('keeps a draft per room across room switches and a new composer (a reload), and forgets it once sent', async () => {
    await type('half a thought');
    await openRoom('random');
    expect(textarea().value).toBe('');
    await type('about lunch');
    await openRoom('general');
    expect(textarea().value).toBe('half a thought');

    // A reload: a new component reads the drafts the browser kept.
    fixture.destroy();
    fixture = TestBed.createComponent(Composer);
    await openRoom('random');
    expect(textarea().value).toBe('about lunch');
    await press('Enter');
    expect(TestBed.inject(Drafts).get('random')).toBe('');
    expect(TestBed.inject(Drafts).get('general')).toBe('half a thought');
  });

  it('edits the last own message on ↑ in an empty box, skipping deleted ones and others’', async () => {
    messages.set([message(1, 'me'), message(2, 'me'), message(3, 'me', true), message(4, 'bob')]);
    const event = await press('ArrowUp');
    expect(event.defaultPrevented).toBe(true);
    expect(startEditing).toHaveBeenCalledExactlyOnceWith(2);
  });

  it('leaves ↑ to the text box when there is text, a modifier, or nothing of one’s own', async () => {
    messages.set([message(1, 'bob')]);
    expect((await press('ArrowUp')).defaultPrevented).toBe(false);
    messages.set([message(1, 'me')]);
    expect((await press('ArrowUp', { shiftKey: true })).defaultPrevented).toBe(false);
    await type('text');
    expect((await press('ArrowUp')).defaultPrevented).toBe(false);
    expect(startEditing).not.toHaveBeenCalled();
  });

  it('offers the room’s authors and the people online, not the reader, to mention', async () => {
    messages.set([message(1, 'bob'), message(2, 'me'), message(3, 'carol')]);
    online.set(['me', 'dave', 'bob']);
    await type('@');
    textarea().setSelectionRange(1, 1);
    textarea().dispatchEvent(new KeyboardEvent('keyup', { key: '@', bubbles: true }));
    await fixture.whenStable();
    const options = [...document.querySelectorAll('[role="option"]')].map((o) =>
      o.textContent?.replace('✓', '').trim(),
    );
    expect(options.sort()).toEqual(['@bob', '@carol', '@dave']);
  });
});
