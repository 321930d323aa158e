import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../../core/auth/session-store';

@Component({
  selector: 'app-home',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section
      class="mx-auto flex max-w-2xl flex-1 flex-col items-center justify-center gap-6 px-6 py-16 text-center"
    >
      <h1 class="text-4xl font-bold tracking-tight sm:text-5xl">
        Chat<span class="text-accent">.</span>
      </h1>
      <p class="text-lg text-soft">Rooms for talking, live. Pick a room, say hello.</p>
      <div class="flex flex-wrap justify-center gap-3">
        @if (session.loggedIn()) {
          <a
            routerLink="/rooms"
            class="rounded-xl bg-action px-5 py-2.5 font-semibold text-on-action hover:bg-action-hover"
            >Go to the rooms</a
          >
        } @else {
          <a
            routerLink="/signup"
            class="rounded-xl bg-action px-5 py-2.5 font-semibold text-on-action hover:bg-action-hover"
            >Sign up</a
          >
          <a
            routerLink="/login"
            class="rounded-xl border border-line bg-surface px-5 py-2.5 font-semibold hover:bg-tint"
            >Log in</a
          >
        }
      </div>
    </section>
  `,
})
export default class Home {
  protected readonly session = inject(SessionStore);
}
