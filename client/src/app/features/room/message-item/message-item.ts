import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { Message } from '../../../core/api/api-types';
import { isBlank, MESSAGE_MAX_LENGTH, textLength } from '../../../core/api/chat-rules';
import { errorMessage } from '../../../core/api/error-message';
import { MessageActions } from '../message-actions';
import { MessageText } from '../message-text/message-text';
import { fullDateTime, timeOfDay } from '../timeline/timeline';

/**
 * One message: its header (unless it continues the one above), its text or its
 * tombstone, and for those allowed, a menu to edit it inline or delete it.
 */
@Component({
  selector: 'app-message-item',
  imports: [MessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  templateUrl: './message-item.html',
})
export class MessageItem {
  readonly message = input.required<Message>();
  readonly slug = input.required<string>();
  readonly me = input.required<string>();
  /** The message above is the same person's, moments before: the header is shared. */
  readonly continued = input(false);
  /** Editing or deleting ended: the room page puts focus back in the composer. */
  readonly done = output<void>();

  protected readonly actions = inject(MessageActions);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly menuButton = viewChild<ElementRef<HTMLButtonElement>>('menuButton');
  private readonly menu = viewChild<ElementRef<HTMLElement>>('menu');
  private readonly editor = viewChild<ElementRef<HTMLTextAreaElement>>('editor');
  private readonly confirmDialog = viewChild<ElementRef<HTMLDialogElement>>('confirm');

  protected readonly own = computed(() => this.message().username === this.me());
  protected readonly time = computed(() => timeOfDay(this.message().createdAt));
  protected readonly fullTime = computed(() => fullDateTime(this.message().createdAt));
  protected readonly editedTime = computed(() => {
    const editedAt = this.message().editedAt;
    return editedAt ? `Edited ${fullDateTime(editedAt)}` : '';
  });
  protected readonly canEdit = computed(() => this.actions.canEdit(this.message()));
  protected readonly canDelete = computed(() => this.actions.canDelete(this.message()));
  protected readonly editing = computed(() => this.actions.editing() === this.message().id);

  protected readonly menuOpen = signal(false);
  protected readonly menuUp = signal(false);
  /** The "Delete this message?" dialog is open. */
  protected readonly confirming = signal(false);
  protected readonly draft = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly draftInvalid = computed(
    () => isBlank(this.draft()) || textLength(this.draft().trim()) > MESSAGE_MAX_LENGTH,
  );

  constructor() {
    // Editing starts from the menu or from ↑ in the composer: either way the editor
    // opens with the text and takes focus, the caret at the end.
    effect(() => {
      if (!this.editing()) return;
      untracked(() => {
        this.draft.set(this.message().content);
        this.error.set(null);
        afterNextRender(
          () => {
            const editor = this.editor()?.nativeElement;
            editor?.focus();
            editor?.setSelectionRange(editor.value.length, editor.value.length);
          },
          { injector: this.injector },
        );
      });
    });
  }

  protected toggleMenu(): void {
    if (this.menuOpen()) this.closeMenu(true);
    else {
      // Low on the screen (the newest messages), the menu opens upwards, where it shows.
      const top = this.menuButton()?.nativeElement.getBoundingClientRect().top ?? 0;
      this.menuUp.set(top > (this.document.defaultView?.innerHeight ?? 0) / 2);
      this.menuOpen.set(true);
      afterNextRender(() => this.menuItems()[0]?.focus(), { injector: this.injector });
    }
  }

  /** Arrow keys move between the menu's items; Escape and Tab close it. */
  protected onMenuKeydown(event: KeyboardEvent): void {
    const items = this.menuItems();
    const index = items.indexOf(this.document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? items[0] : items.at(-1))?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.closeMenu(true);
    } else if (event.key === 'Tab') {
      this.closeMenu(false);
    }
  }

  /** A click or a focus move outside the open menu closes it. */
  protected onMenuFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    const host = this.menu()?.nativeElement.parentElement;
    if (!next || !host?.contains(next)) this.menuOpen.set(false);
  }

  protected edit(): void {
    this.menuOpen.set(false);
    this.actions.startEditing(this.message().id);
  }

  protected askDelete(): void {
    this.menuOpen.set(false);
    this.error.set(null);
    this.confirming.set(true);
    afterNextRender(() => this.confirmDialog()?.nativeElement.showModal(), {
      injector: this.injector,
    });
  }

  protected cancelDelete(): void {
    this.confirmDialog()?.nativeElement.close();
    this.confirming.set(false);
    this.menuButton()?.nativeElement.focus();
  }

  protected confirmDelete(): void {
    this.busy.set(true);
    this.actions.remove(this.slug(), this.message()).subscribe({
      next: () => {
        this.busy.set(false);
        this.confirmDialog()?.nativeElement.close();
        this.confirming.set(false);
        this.done.emit();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(`Not deleted: ${errorMessage(error)}`);
      },
    });
  }

  /** Enter saves, Shift+Enter makes a new line, Escape cancels. */
  protected onEditorKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.cancelEdit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.save();
    }
  }

  protected save(): void {
    const content = this.draft().trim();
    if (this.draftInvalid() || this.busy()) return;
    if (content === this.message().content) {
      this.cancelEdit();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.actions.save(this.slug(), this.message().id, content).subscribe({
      next: () => {
        this.busy.set(false);
        this.done.emit();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(`Not saved: ${errorMessage(error)}`);
      },
    });
  }

  protected cancelEdit(): void {
    this.actions.stopEditing();
    this.error.set(null);
    this.done.emit();
  }

  private closeMenu(refocus: boolean): void {
    this.menuOpen.set(false);
    if (refocus) this.menuButton()?.nativeElement.focus();
  }

  private menuItems(): HTMLElement[] {
    const menu = this.menu()?.nativeElement;
    return menu ? [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
  }
}
