import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

const DEFAULT_TITLE = 'Nothing here';
const DEFAULT_DETAIL = 'This page does not exist. It may have moved, or the link may be mistyped.';

function orDefault(fallback: string): (value: string | undefined) => string {
  return (value) => value ?? fallback;
}

@Component({
  selector: 'app-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section
      class="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-4 px-6 py-16 text-center"
    >
      <h1 class="text-2xl font-semibold">{{ title() }}</h1>
      <p class="text-muted">{{ detail() }}</p>
      <a
        routerLink="/rooms"
        class="rounded-xl bg-action px-5 py-2.5 font-semibold text-on-action hover:bg-action-hover"
        >See all rooms</a
      >
    </section>
  `,
})
export default class NotFound {
  // As the `**` route's component, the router's input binding (withComponentInputBinding)
  // sets both inputs to undefined (the route has no such data): fall back to the defaults.
  readonly title = input(DEFAULT_TITLE, { transform: orDefault(DEFAULT_TITLE) });
  readonly detail = input(DEFAULT_DETAIL, { transform: orDefault(DEFAULT_DETAIL) });
}
