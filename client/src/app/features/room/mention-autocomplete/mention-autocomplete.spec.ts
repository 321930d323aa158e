import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl, FormsModule, ReactiveFormsModule } from '@angular/forms';
import { MentionAutocomplete } from './mention-autocomplete';

/** A text box with a FormControl and an Enter-to-send handler like the composer's. */
@Component({
  imports: [ReactiveFormsModule, MentionAutocomplete],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <textarea
      aria-label="Message"
      appMentionAutocomplete
      [people]="people()"
      [formControl]="control"
      (keydown)="onKeydown($event)"
      (mentionInserted)="inserted.push($event)"
    ></textarea>
  `,
})
class ReactiveHost {
  readonly people = signal<readonly string[]>(['bob', 'alice', 'Albert', 'sal', 'carol']);
  readonly control = new FormControl('', { nonNullable: true });
  readonly sent: string[] = [];
  readonly inserted: string[] = [];

  onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.defaultPrevented) {
      return;
    }
    event.preventDefault();
    this.sent.push(this.control.value);
  }
}

/** The composer's wiring: ngModel into a signal. */
@Component({
  imports: [FormsModule, MentionAutocomplete],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <textarea
      aria-label="Message"
      appMentionAutocomplete
      [people]="['alice', 'bob']"
      [ngModel]="text()"
      (ngModelChange)="text.set($event)"
    ></textarea>
  `,
})
class NgModelHost {
  readonly text = signal('');
}

describe('MentionAutocomplete', () => {
  let fixture: ComponentFixture<ReactiveHost>;
  let host: ReactiveHost;

  const root = () => fixture.nativeElement as HTMLElement;
  const textarea = () => root().querySelector('textarea') as HTMLTextAreaElement;
  const listbox = () => root().querySelector('[role=listbox]') as HTMLElement;
  const options = () => [...root().querySelectorAll<HTMLElement>('[role=option]')];
  const names = () => options().map((option) => option.textContent?.replace('✓', '').trim());
  const isOpen = () => textarea().getAttribute('aria-expanded') === 'true' && !listbox().hidden;
  const activeOption = () =>
    root().querySelector(`#${textarea().getAttribute('aria-activedescendant')}`);

  async function type(text: string, caret = text.length): Promise<void> {
    textarea().focus();
    textarea().value = text;
    textarea().setSelectionRange(caret, caret);
    textarea().dispatchEvent(new Event('input', { bubbles: true }));
    await fixture.whenStable();
  }

  async function press(key: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    textarea().dispatchEvent(event);
    textarea().dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    await fixture.whenStable();
    return event;
  }

  afterEach(() => vi.restoreAllMocks());

  beforeEach(async () => {
    fixture = TestBed.createComponent(ReactiveHost);
    host = fixture.componentInstance;
    await fixture.whenStable();
  });

  it('is a closed combobox until an @ is typed', async () => {
    expect(textarea().getAttribute('role')).toBe('combobox');
    expect(textarea().getAttribute('aria-autocomplete')).toBe('list');
    expect(textarea().getAttribute('aria-expanded')).toBe('false');
    expect(textarea().hasAttribute('aria-controls')).toBe(false);
    expect(textarea().hasAttribute('aria-activedescendant')).toBe(false);
    expect(listbox().hidden).toBe(true);

    await type('hello');
    expect(isOpen()).toBe(false);
  });

  it('opens on @a with the matching people, the first one active', async () => {
    await type('hi @a');
    expect(isOpen()).toBe(true);
    expect(names()).toEqual(['@Albert', '@alice', '@carol', '@sal']);
    expect(textarea().getAttribute('aria-controls')).toBe(listbox().id);
    expect(listbox().getAttribute('aria-label')).toBe('People to mention');
    expect(activeOption()).toBe(options()[0]);
    expect(options().map((option) => option.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
      'false',
      'false',
    ]);
    expect(root().querySelector('[role=status]')?.textContent).toBe('4 people to mention');
  });

  it('filters as typing goes on, and closes when nobody matches', async () => {
    await type('@a');
    await type('@al');
    expect(names()).toEqual(['@Albert', '@alice', '@sal']);
    await type('@ali');
    expect(names()).toEqual(['@alice']);
    await type('@aliz');
    expect(isOpen()).toBe(false);
    expect(textarea().hasAttribute('aria-activedescendant')).toBe(false);
    expect(textarea().hasAttribute('aria-controls')).toBe(false);
  });

  it('follows the people it is given', async () => {
    await type('@d');
    expect(isOpen()).toBe(false);
    host.people.set(['dave', 'dora']);
    await fixture.whenStable();
    expect(names()).toEqual(['@dave', '@dora']);
  });

  it('moves the active person with the arrows, wrapping at both ends', async () => {
    await type('@al');
    const ids = options().map((option) => option.id);
    expect(new Set(ids).size).toBe(3);

    const down = await press('ArrowDown');
    expect(down.defaultPrevented).toBe(true);
    expect(textarea().getAttribute('aria-activedescendant')).toBe(ids[1]);
    expect(options()[1].getAttribute('aria-selected')).toBe('true');
    expect(options()[0].getAttribute('aria-selected')).toBe('false');
    await press('ArrowDown');
    await press('ArrowDown');
    expect(textarea().getAttribute('aria-activedescendant')).toBe(ids[0]);
    await press('ArrowUp');
    expect(textarea().getAttribute('aria-activedescendant')).toBe(ids[2]);
    await press('ArrowUp');
    expect(textarea().getAttribute('aria-activedescendant')).toBe(ids[1]);
  });

  it('starts again from the first person when the query changes', async () => {
    await type('@a');
    await press('ArrowDown');
    await type('@al');
    expect(activeOption()).toBe(options()[0]);
  });

  it('inserts the active person on Enter, and the Enter reaches no other handler', async () => {
    const other = vi.fn();
    textarea().addEventListener('keydown', other);
    document.addEventListener('keydown', other);
    try {
      host.control.setValue('see @al there');
      await type('see @al there', 7);
      await press('ArrowDown');
      const enter = await press('Enter');

      expect(enter.defaultPrevented).toBe(true);
      expect(host.sent).toEqual([]);
      expect(other).not.toHaveBeenCalled();
      expect(textarea().value).toBe('see @alice there');
      expect(host.control.value).toBe('see @alice there');
      expect(textarea().selectionStart).toBe(11);
      expect(textarea().selectionEnd).toBe(11);
      expect(document.activeElement).toBe(textarea());
      expect(host.inserted).toEqual(['alice']);
      expect(isOpen()).toBe(false);
    } finally {
      document.removeEventListener('keydown', other);
    }
  });

  it('leaves Enter to the text box once closed', async () => {
    await type('@al');
    await press('Enter');
    await press('Enter');
    expect(host.sent).toEqual(['@Albert ']);
  });

  it('inserts the active person on Tab, keeping the focus', async () => {
    await type('@s');
    const tab = await press('Tab');
    expect(tab.defaultPrevented).toBe(true);
    expect(host.control.value).toBe('@sal ');
    expect(document.activeElement).toBe(textarea());
  });

  it('leaves Shift+Enter, Shift+Tab and Enter while composing alone', async () => {
    await type('@al');
    for (const init of [{ shiftKey: true }, { isComposing: true }]) {
      const enter = await press('Enter', init);
      expect(enter.defaultPrevented).toBe(false);
    }
    expect((await press('Tab', { shiftKey: true })).defaultPrevented).toBe(false);
    expect(host.control.value).toBe('@al');
    expect(host.inserted).toEqual([]);
    expect(host.sent).toEqual([]);
  });

  it('closes on Escape, which does nothing else', async () => {
    const other = vi.fn();
    document.addEventListener('keydown', other);
    try {
      await type('@al');
      const escape = await press('Escape');
      expect(escape.defaultPrevented).toBe(true);
      expect(other).not.toHaveBeenCalled();
      expect(isOpen()).toBe(false);
      expect(host.control.value).toBe('@al');

      // Closed, Escape is not taken; typing opens the list again.
      expect((await press('Escape')).defaultPrevented).toBe(false);
      await type('@ali');
      expect(names()).toEqual(['@alice']);
    } finally {
      document.removeEventListener('keydown', other);
    }
  });

  it('inserts a clicked person, the press on it keeping the focus in the text box', async () => {
    await type('hi @a');
    const option = options()[2];
    const press = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    option.dispatchEvent(press);
    expect(press.defaultPrevented).toBe(true);
    option.click();
    await fixture.whenStable();

    expect(host.control.value).toBe('hi @carol ');
    expect(textarea().selectionStart).toBe(10);
    expect(document.activeElement).toBe(textarea());
    expect(host.inserted).toEqual(['carol']);
    expect(isOpen()).toBe(false);
  });

  it('closes when the text box loses focus', async () => {
    await type('@al');
    textarea().blur();
    await fixture.whenStable();
    expect(isOpen()).toBe(false);
  });

  it('follows the caret in the word, and closes once it leaves', async () => {
    await type('hi @alice');
    expect(names()).toEqual(['@alice']);
    textarea().setSelectionRange(5, 5);
    await press('ArrowLeft');
    expect(names()).toEqual(['@Albert', '@alice', '@carol', '@sal']);
    textarea().setSelectionRange(2, 2);
    textarea().dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await fixture.whenStable();
    expect(isOpen()).toBe(false);
  });

  it('offers nobody inside an address', async () => {
    await type('mail@a');
    expect(isOpen()).toBe(false);
    await type('write to mail@example');
    expect(isOpen()).toBe(false);
  });

  it('shows the list above the text box, inside a narrow screen', async () => {
    vi.spyOn(document.documentElement, 'clientWidth', 'get').mockReturnValue(360);
    const box = { top: 150, left: 200, width: 150, height: 44 };
    vi.spyOn(textarea(), 'getBoundingClientRect').mockReturnValue(box as DOMRect);
    await type('@a');
    const popup = root().querySelector<HTMLElement>('app-mention-listbox')!;
    // Its bottom edge just above the box: the list is moved up by its own height.
    expect(popup.style.top).toBe('146px');
    expect(listbox().className).toContain('-translate-y-full');
    // At least 12rem wide, moved left to stay 8px inside the 360px screen.
    expect(popup.style.width).toBe('192px');
    expect(popup.style.left).toBe('160px');
    expect(listbox().style.maxHeight).toBe('138px');

    box.top = 700;
    window.dispatchEvent(new Event('resize'));
    await fixture.whenStable();
    expect(popup.style.top).toBe('696px');
    expect(listbox().style.maxHeight).toBe('320px');
  });

  it('offers everyone right after an @', async () => {
    await type('@');
    expect(names()).toEqual(['@Albert', '@alice', '@bob', '@carol', '@sal']);
  });
});

describe('MentionAutocomplete with ngModel', () => {
  it('gives the inserted text to the model', async () => {
    const fixture = TestBed.createComponent(NgModelHost);
    await fixture.whenStable();
    const textarea = (fixture.nativeElement as HTMLElement).querySelector('textarea')!;
    textarea.focus();
    textarea.value = 'ping @b';
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
    await fixture.whenStable();
    textarea.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
    );
    await fixture.whenStable();
    expect(fixture.componentInstance.text()).toBe('ping @bob ');
    expect(textarea.value).toBe('ping @bob ');
  });
});
