import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { isBlank, MESSAGE_MAX_LENGTH, textLength } from '../../../core/api/chat-rules';
import { ChatSync } from '../../chat/state/chat-sync';
import { Drafts } from '../../chat/state/drafts';
import { Outbox } from '../../chat/state/outbox';
import { SessionStore } from '../../../core/auth/session-store';
import { MentionAutocomplete } from '../mention-autocomplete/mention-autocomplete';
import { MessageActions } from '../message-actions';

@Component({
  selector: 'app-composer',
  host: { class: 'block' },
  imports: [FormsModule, MentionAutocomplete],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './composer.html',
})
export class Composer {
  readonly slug = input.required<string>();

  private readonly chat = inject(ChatSync);
  private readonly outbox = inject(Outbox);
  private readonly drafts = inject(Drafts);
  private readonly actions = inject(MessageActions);
  private readonly session = inject(SessionStore);
  private readonly textarea = viewChild.required<ElementRef<HTMLTextAreaElement>>('textarea');

  protected readonly text = signal('');
  /** The server's rules: something that shows, at most 4000 characters as it counts them. */
  protected readonly blank = computed(() => isBlank(this.text()));
  protected readonly tooLong = computed(() => textLength(this.text().trim()) > MESSAGE_MAX_LENGTH);
  protected readonly maxLength = MESSAGE_MAX_LENGTH;
  /** Who "@" offers: the people who wrote in the room lately, and everyone online. */
  protected readonly people = computed(() => {
    const me = this.session.user()?.username;
    const authors = this.chat
      .timeline(this.slug())
      .messages()
      .map((message) => message.username);
    return [...new Set([...authors, ...this.chat.online()])].filter((name) => name !== me);
  });

  constructor() {
    // Each room has its own draft: switching rooms puts that room's back in the box.
    effect(() => {
      const slug = this.slug();
      untracked(() => this.text.set(this.drafts.get(slug)));
    });
  }

  focus(): void {
    this.textarea().nativeElement.focus();
  }

  protected onInput(text: string): void {
    this.text.set(text);
    this.drafts.set(this.slug(), text);
    if (!isBlank(text)) this.chat.reportTyping(this.slug());
  }

  /**
   * Enter sends; Shift+Enter (and Enter while composing with an IME) makes a new line.
   * Up in an empty box edits one's last message.
   */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented) return; // taken by the mention list
    if (event.key === 'ArrowUp' && this.text() === '' && !hasModifier(event)) {
      const own = this.chat
        .timeline(this.slug())
        .messages()
        .findLast((message) => this.actions.canEdit(message));
      if (own) {
        event.preventDefault();
        this.actions.startEditing(own.id);
      }
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.send();
  }

  /** Into the outbox, which shows it at once and delivers it; the box is free straight away. */
  protected send(): void {
    if (this.blank() || this.tooLong()) return;
    this.outbox.add(this.slug(), this.text().trim());
    this.text.set('');
    this.drafts.set(this.slug(), '');
    this.focus();
  }
}

function hasModifier(event: KeyboardEvent): boolean {
  return event.shiftKey || event.altKey || event.ctrlKey || event.metaKey;
}
