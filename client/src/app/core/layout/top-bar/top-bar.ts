import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { SessionStore } from '../../auth/session-store';

@Component({
  selector: 'app-top-bar',
  host: { class: 'block' },
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="border-b border-slate-800 bg-slate-900/80">
      <nav class="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3 text-sm" aria-label="Main">
        <a
          routerLink="/"
          class="mr-auto flex items-center gap-2 text-base font-semibold text-teal-300"
        >
          <svg aria-hidden="true" viewBox="0 0 32 32" class="size-7">
            <rect width="32" height="32" rx="8" fill="currentColor" opacity="0.15" />
            <path
              d="M8 10h16a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2z"
              fill="currentColor"
            />
          </svg>
          Chat
        </a>
        @if (session.user(); as user) {
          <a routerLink="/rooms" class="rounded-lg px-3 py-1.5 text-slate-200 hover:bg-slate-800"
            >Rooms</a
          >
          <span class="hidden text-slate-400 sm:inline" data-testid="current-user">
            {{ user.username }}
            @if (user.isAdmin) {
              <span class="ml-1 text-xs text-teal-400">(admin)</span>
            }
          </span>
          <button
            type="button"
            (click)="logout()"
            [disabled]="leaving()"
            class="rounded-lg border border-slate-700 px-3 py-1.5 text-slate-200 hover:bg-slate-800 disabled:opacity-50"
          >
            Log out
          </button>
        } @else {
          <a routerLink="/login" class="rounded-lg px-3 py-1.5 text-slate-200 hover:bg-slate-800"
            >Log in</a
          >
          <a
            routerLink="/signup"
            class="rounded-lg bg-teal-500 px-3 py-1.5 font-medium text-slate-950 hover:bg-teal-400"
            >Sign up</a
          >
        }
      </nav>
    </header>
  `,
})
export class TopBar {
  protected readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  protected readonly leaving = signal(false);

  protected logout(): void {
    this.leaving.set(true);
    this.session.logout().subscribe({
      next: () => this.leave(),
      // Whatever the server said, this browser is done with the session.
      error: () => {
        this.session.forget();
        this.leave();
      },
    });
  }

  private leave(): void {
    this.leaving.set(false);
    void this.router.navigateByUrl('/login');
  }
}
