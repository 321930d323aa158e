import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { SessionStore } from '../../../core/auth/session-store';
import { ChatSync } from '../state/chat-sync';

/** How many names to list before "and N more". */
const SHOWN = 8;

/** Who has the chat open right now. */
@Component({
  selector: 'app-online-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'block' },
  template: `
    <section aria-label="Online" class="px-4 py-3 text-sm">
      <h2 class="mb-1.5 text-xs font-semibold tracking-wide text-muted uppercase">
        Online ({{ chat.online().length }})
      </h2>
      <ul class="flex flex-col gap-1">
        @for (name of shown(); track name) {
          <li class="flex items-center gap-2 truncate text-soft">
            <span aria-hidden="true" class="size-2 shrink-0 rounded-full bg-emerald-600"></span>
            <span class="truncate">{{ name }}</span>
            @if (name === me()) {
              <span class="text-muted">(you)</span>
            }
          </li>
        }
      </ul>
      @if (more() > 0) {
        <p class="mt-1 text-muted">and {{ more() }} more</p>
      }
    </section>
  `,
})
export class OnlineList {
  protected readonly chat = inject(ChatSync);
  private readonly session = inject(SessionStore);
  protected readonly me = computed(() => this.session.user()?.username);
  protected readonly shown = computed(() => this.chat.online().slice(0, SHOWN));
  protected readonly more = computed(() => Math.max(0, this.chat.online().length - SHOWN));
}
