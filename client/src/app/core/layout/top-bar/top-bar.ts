import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { SessionStore } from '../../auth/session-store';

@Component({
  selector: 'app-top-bar',
  host: { class: 'block' },
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="border-b border-line bg-surface">
      <nav class="flex items-center gap-2 px-3 py-3 text-sm sm:gap-3 sm:px-4" aria-label="Main">
        <a
          routerLink="/"
          class="mr-auto flex shrink-0 items-center gap-2 text-base font-semibold text-accent"
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
          <a routerLink="/rooms" class="shrink-0 rounded-lg px-3 py-1.5 text-soft hover:bg-tint"
            >Rooms</a
          >
          <span
            class="hidden min-w-0 items-baseline gap-1 text-muted sm:flex"
            data-testid="current-user"
          >
            <span class="truncate" [title]="user.username">{{ user.username }}</span>
            @if (user.isAdmin) {
              <span class="shrink-0 text-xs text-accent">(admin)</span>
            }
          </span>
          <button
            type="button"
            (click)="logout()"
            [disabled]="leaving()"
            class="shrink-0 rounded-lg border border-line px-3 py-1.5 whitespace-nowrap text-soft hover:bg-tint disabled:cursor-progress"
          >
            Log out
          </button>
        } @else {
          <a routerLink="/login" class="shrink-0 rounded-lg px-3 py-1.5 text-soft hover:bg-tint"
            >Log in</a
          >
          <a
            routerLink="/signup"
            class="shrink-0 rounded-lg bg-action px-3 py-1.5 font-medium text-on-action hover:bg-action-hover"
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
