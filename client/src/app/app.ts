import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { TopBar } from './core/layout/top-bar/top-bar';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, TopBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'flex h-full flex-col' },
  template: `
    <a
      href="#main"
      (click)="skipTo($event, main)"
      class="absolute -top-16 left-2 z-50 rounded-lg bg-surface px-4 py-2 font-medium text-accent underline shadow-lg focus:top-2"
      >Skip to main content</a
    >
    <app-top-bar />
    <main #main id="main" tabindex="-1" class="flex min-h-0 flex-1 flex-col outline-none">
      <router-outlet />
    </main>
  `,
})
export class App {
  /**
   * With `<base href="/">`, following `#main` would load `/#main`: move focus instead,
   * to the page's own content when it marks one (the chat, past its sidebar).
   */
  protected skipTo(event: Event, target: HTMLElement): void {
    event.preventDefault();
    (target.querySelector<HTMLElement>('[data-skip-target]') ?? target).focus();
  }
}
