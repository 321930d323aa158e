import {
  computed,
  DestroyRef,
  Directive,
  ElementRef,
  inject,
  input,
  inputBinding,
  OnInit,
  output,
  outputBinding,
  signal,
  ViewContainerRef,
} from '@angular/core';
import { ListboxPlace, MentionListbox, optionId } from './mention-listbox';
import { insertMention, matchPeople, mentionAt, MentionWord } from './mention-query';

let nextId = 0;

/**
 * Typing `@` in the text box offers the people of `people` (an editable combobox with list
 * autocomplete, WAI-ARIA APG). The listbox is rendered next to the text box and shown above
 * it; focus never leaves the text box.
 *
 * While the list is open, ArrowDown/ArrowUp move (wrapping), Enter or Tab insert the active
 * person and Escape closes; these keys are handled in the capture phase, before any other
 * keydown listener of the text box (such as an Enter-to-send handler), and are then stopped
 * (preventDefault and stopImmediatePropagation). A handler that checks `defaultPrevented`
 * stays correct whatever the order. After an insertion an `input` event tells forms
 * (ngModel, FormControl) the new text.
 *
 * Wiring: import MentionAutocomplete and put it on the textarea; nothing else to place.
 * `<textarea appMentionAutocomplete [people]="people()" (mentionInserted)="…" …>`
 */
@Directive({
  selector: 'textarea[appMentionAutocomplete]',
  host: {
    role: 'combobox',
    'aria-autocomplete': 'list',
    '[attr.aria-expanded]': 'open()',
    '[attr.aria-controls]': 'open() ? listboxId : null',
    '[attr.aria-activedescendant]': 'activeId()',
    '(input)': 'update()',
    '(keyup)': 'follow()',
    '(click)': 'follow()',
    '(blur)': 'close()',
    '(window:resize)': 'placeList()',
    '(document:scroll)': 'placeList()',
  },
})
export class MentionAutocomplete implements OnInit {
  /** Who can be mentioned. */
  readonly people = input<readonly string[]>([]);
  /** The username just inserted. */
  readonly mentionInserted = output<string>();

  private readonly textarea = inject<ElementRef<HTMLTextAreaElement>>(ElementRef).nativeElement;
  private readonly container = inject(ViewContainerRef);

  protected readonly listboxId = `mention-listbox-${nextId++}`;
  /** The `@word` at the caret; null while closed. */
  private readonly word = signal<MentionWord | null>(null);
  private readonly activeIndex = signal(0);
  private readonly place = signal<ListboxPlace>({ top: 0, left: 0, width: 0, maxHeight: 0 });

  protected readonly options = computed(() => {
    const word = this.word();
    return word ? matchPeople(word.query, this.people()) : [];
  });
  protected readonly open = computed(() => this.options().length > 0);
  protected readonly active = computed(() =>
    Math.min(this.activeIndex(), this.options().length - 1),
  );
  protected readonly activeId = computed(() =>
    this.open() ? optionId(this.listboxId, this.active()) : null,
  );

  constructor() {
    const onKeydown = (event: KeyboardEvent) => this.onKeydown(event);
    this.textarea.addEventListener('keydown', onKeydown, { capture: true });
    inject(DestroyRef).onDestroy(() =>
      this.textarea.removeEventListener('keydown', onKeydown, { capture: true }),
    );
  }

  ngOnInit(): void {
    this.container.createComponent(MentionListbox, {
      bindings: [
        inputBinding('listboxId', () => this.listboxId),
        inputBinding('options', this.options),
        inputBinding('active', this.active),
        inputBinding('open', this.open),
        inputBinding('place', this.place),
        outputBinding<string>('picked', (name) => this.insert(name)),
      ],
    });
  }

  /** The text changed: find the `@word` at the caret again, and open on one. */
  protected update(): void {
    const { value, selectionStart, selectionEnd } = this.textarea;
    const word = selectionStart === selectionEnd ? mentionAt(value, selectionStart) : null;
    const before = this.word();
    if (word?.start !== before?.start || word?.query !== before?.query) this.activeIndex.set(0);
    this.word.set(word);
    this.placeList();
  }

  /** The caret may have moved: while open, follow it (and close once it leaves the word). */
  protected follow(): void {
    if (this.word()) this.update();
  }

  protected close(): void {
    this.word.set(null);
  }

  protected placeList(): void {
    if (!this.open()) return;
    const box = this.textarea.getBoundingClientRect();
    const viewport = document.documentElement.clientWidth || window.innerWidth;
    const width = Math.min(Math.max(box.width, 192), viewport - 16);
    const left = Math.min(Math.max(box.left, 8), viewport - width - 8);
    // At most 20rem, and what fits above the text box (but always a few rows).
    const maxHeight = Math.min(320, Math.max(box.top - 12, 96));
    this.place.set({ top: box.top - 4, left, width, maxHeight });
  }

  private onKeydown(event: KeyboardEvent): void {
    if (!this.open() || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const count = this.options().length;
    switch (event.key) {
      case 'ArrowDown':
        this.activeIndex.set((this.active() + 1) % count);
        break;
      case 'ArrowUp':
        this.activeIndex.set((this.active() - 1 + count) % count);
        break;
      case 'Enter':
      case 'Tab':
        // Shift+Enter still makes a new line and Shift+Tab still leaves (both close the list).
        if (event.shiftKey) return;
        this.insert(this.options()[this.active()]);
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  private insert(username: string): void {
    const word = this.word();
    if (!word) return;
    const end = word.start + 1 + word.query.length;
    const next = insertMention(this.textarea.value, word.start, end, username);
    this.close();
    this.textarea.value = next.text;
    this.textarea.focus();
    this.textarea.setSelectionRange(next.caret, next.caret);
    this.textarea.dispatchEvent(new Event('input', { bubbles: true }));
    this.mentionInserted.emit(username);
  }
}
