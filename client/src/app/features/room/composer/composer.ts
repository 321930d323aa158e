import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { isBlank, MESSAGE_MAX_LENGTH, textLength } from '../../../core/api/chat-rules';
import { errorMessage } from '../../../core/api/error-message';
import { RoomChatStore } from '../room-chat-store';
import { ErrorAlert } from '../../../shared/ui/error-alert';

@Component({
  selector: 'app-composer',
  host: { class: 'block' },
  imports: [FormsModule, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './composer.html',
})
export class Composer {
  private readonly chat = inject(RoomChatStore);

  protected readonly text = signal('');
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The server's rules: something that shows, at most 4000 characters as it counts them. */
  protected readonly blank = computed(() => isBlank(this.text()));
  protected readonly tooLong = computed(() => textLength(this.text().trim()) > MESSAGE_MAX_LENGTH);
  protected readonly maxLength = MESSAGE_MAX_LENGTH;

  protected onInput(text: string): void {
    this.text.set(text);
    if (!isBlank(text)) this.chat.reportTyping();
  }

  /** Enter sends; Shift+Enter (and Enter while composing with an IME) makes a new line. */
  protected onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.send();
  }

  protected send(): void {
    const content = this.text().trim();
    if (this.blank() || this.tooLong() || this.sending()) return;
    this.sending.set(true);
    this.error.set(null);
    this.chat.send(content).subscribe({
      next: () => {
        // Clear what was sent, keeping anything typed while it was on its way.
        this.text.update((current) => {
          const rest = current.trimStart();
          return rest.startsWith(content) ? rest.slice(content.length).trimStart() : current;
        });
        this.sending.set(false);
      },
      // The text stays in the box, so nothing typed is lost.
      error: (error: unknown) => {
        this.sending.set(false);
        this.error.set(`Not sent: ${errorMessage(error)}`);
      },
    });
  }
}
