import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Observable, Subject } from 'rxjs';
import { Message } from '../../../core/api/api-types';
import { RoomChatStore } from '../room-chat-store';
import { Composer } from './composer';

describe('Composer', () => {
  let fixture: ComponentFixture<Composer>;
  /** The store is the component's boundary: each send answers through its own Subject. */
  let sends: Subject<Message>[];
  let send: ReturnType<typeof vi.fn<(content: string) => Observable<Message>>>;
  let reportTyping: ReturnType<typeof vi.fn<() => void>>;

  const host = () => fixture.nativeElement as HTMLElement;
  const textarea = () => host().querySelector('textarea') as HTMLTextAreaElement;
  const button = () => host().querySelector('button[type=submit]') as HTMLButtonElement;
  const alert = () => host().querySelector<HTMLElement>('[role=alert]');

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

  const sent: Message = {
    id: 7,
    seq: 7,
    content: 'hello',
    username: 'me',
    date: '12:00:00',
    createdAt: '2026-01-01T12:00:00.000Z',
    editedAt: null,
    deleted: false,
    mentions: [],
    clientId: '0b6c6bde-9a8f-4a4e-9d1b-3f1f8f0e2a51',
  };

  beforeEach(async () => {
    sends = [];
    send = vi.fn<(content: string) => Observable<Message>>(() => {
      const answer = new Subject<Message>();
      sends.push(answer);
      return answer.asObservable();
    });
    reportTyping = vi.fn<() => void>();
    TestBed.configureTestingModule({
      imports: [Composer],
      providers: [{ provide: RoomChatStore, useValue: { send, reportTyping } }],
    });
    fixture = TestBed.createComponent(Composer);
    await fixture.whenStable();
  });

  it('sends the trimmed text on Enter', async () => {
    await type('  hello \n');
    const event = await press('Enter');
    expect(send).toHaveBeenCalledExactlyOnceWith('hello');
    expect(event.defaultPrevented).toBe(true);
  });

  it('tells the room the user is typing when the text changes, but not for blank text', async () => {
    await type('h');
    await type('hi');
    expect(reportTyping).toHaveBeenCalledTimes(2); // the store keeps it to one call every few seconds
    await type('  \n');
    await type('');
    expect(reportTyping).toHaveBeenCalledTimes(2);
  });

  it('does not send on Shift+Enter, which makes a new line', async () => {
    await type('hello');
    const event = await press('Enter', { shiftKey: true });
    expect(send).not.toHaveBeenCalled();
    expect(event.defaultPrevented).toBe(false);
  });

  it('does not send on Enter while an IME is composing', async () => {
    await type('こんにちは');
    await press('Enter', { isComposing: true });
    expect(send).not.toHaveBeenCalled();
  });

  it('does not send on other keys', async () => {
    await type('hello');
    await press('a');
    expect(send).not.toHaveBeenCalled();
  });

  it('disables Send while the text is blank or whitespace, and Enter does nothing then', async () => {
    expect(button().disabled).toBe(true);
    await type('   \n\t ');
    expect(button().disabled).toBe(true);
    await press('Enter');
    expect(send).not.toHaveBeenCalled();

    await type(' x ');
    expect(button().disabled).toBe(false);
    await type('');
    expect(button().disabled).toBe(true);
  });

  it('sends with the Send button too', async () => {
    await type('hello');
    button().click();
    await fixture.whenStable();
    expect(send).toHaveBeenCalledExactlyOnceWith('hello');
  });

  it('empties the box once the message is sent', async () => {
    await type('hello');
    await press('Enter');
    expect(button().disabled).toBe(true); // while sending

    sends[0].next(sent);
    sends[0].complete();
    await fixture.whenStable();
    expect(textarea().value).toBe('');
    expect(button().disabled).toBe(true);
    expect(alert()).toBeNull();
  });

  it('keeps what was typed while the message was on its way', async () => {
    await type('hello');
    await press('Enter');
    await type('hello\nand more');
    sends[0].next(sent);
    sends[0].complete();
    await fixture.whenStable();
    expect(textarea().value).toBe('and more');
  });

  it('sends once while a send is pending', async () => {
    await type('hello');
    await press('Enter');
    await press('Enter');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('keeps the typed text and shows why when sending fails', async () => {
    await type('hello there');
    await press('Enter');
    sends[0].error(
      new HttpErrorResponse({
        status: 400,
        error: {
          statusCode: 400,
          message: ['content must be shorter than or equal to 4000 characters'],
        },
      }),
    );
    await fixture.whenStable();

    expect(textarea().value).toBe('hello there');
    expect(alert()?.textContent?.trim()).toBe(
      'Not sent: Content must be shorter than or equal to 4000 characters.',
    );
    expect(button().disabled).toBe(false);

    // Trying again clears the alert, and success empties the box.
    await press('Enter');
    expect(send).toHaveBeenLastCalledWith('hello there');
    expect(alert()).toBeNull();
    sends[1].next(sent);
    await fixture.whenStable();
    expect(textarea().value).toBe('');
  });

  it('says the server cannot be reached when offline', async () => {
    await type('hello');
    await press('Enter');
    sends[0].error(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    await fixture.whenStable();
    expect(alert()?.textContent).toContain('Not sent: Cannot reach the server.');
    expect(textarea().value).toBe('hello');
  });

  it('refuses a message longer than 4000 characters', async () => {
    await type('x'.repeat(4001));
    expect(button().disabled).toBe(true);
    expect(host().textContent).toContain('Messages can be at most 4000 characters.');
    await press('Enter');
    expect(send).not.toHaveBeenCalled();

    await type('x'.repeat(4000));
    expect(button().disabled).toBe(false);
  });

  it('counts characters as the server does: 4000 emoji (8000 UTF-16 units) are sent, 4001 are not', async () => {
    await type('😀'.repeat(4001));
    expect(button().disabled).toBe(true);
    expect(host().textContent).toContain('Messages can be at most 4000 characters.');
    await press('Enter');
    expect(send).not.toHaveBeenCalled();

    // A heart with its presentation selector counts one, as on the server.
    await type('❤️'.repeat(4000));
    expect(button().disabled).toBe(false);

    await type(`  ${'😀'.repeat(4000)}\n`);
    expect(host().textContent).not.toContain('at most 4000');
    await press('Enter');
    expect(send).toHaveBeenCalledExactlyOnceWith('😀'.repeat(4000));
  });

  it('treats text of invisible characters as blank, as the server does', async () => {
    await type('\u200b\u200d\u2060');
    expect(button().disabled).toBe(true);
    await press('Enter');
    expect(send).not.toHaveBeenCalled();
  });
});
