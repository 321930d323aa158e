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
      <h1 class="text-4xl font-bold tracking-tight text-white sm:text-5xl">
        Chat<span class="text-teal-400">.</span>
      </h1>
      <p class="text-lg text-slate-300">Rooms for talking, live. Pick a room, say hello.</p>
      <div class="flex flex-wrap justify-center gap-3">
        @if (session.loggedIn()) {
          <a
            routerLink="/rooms"
            class="rounded-xl bg-teal-500 px-5 py-2.5 font-semibold text-slate-950 hover:bg-teal-400"
            >Go to the rooms</a
          >
        } @else {
          <a
            routerLink="/signup"
            class="rounded-xl bg-teal-500 px-5 py-2.5 font-semibold text-slate-950 hover:bg-teal-400"
            >Sign up</a
          >
          <a
            routerLink="/login"
            class="rounded-xl border border-slate-700 px-5 py-2.5 font-semibold text-slate-100 hover:bg-slate-800"
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
