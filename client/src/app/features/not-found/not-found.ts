import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section
      class="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-4 px-6 py-16 text-center"
    >
      <h1 class="text-2xl font-semibold text-white">{{ title() }}</h1>
      <p class="text-slate-400">{{ detail() }}</p>
      <a
        routerLink="/rooms"
        class="rounded-xl bg-teal-500 px-5 py-2.5 font-semibold text-slate-950 hover:bg-teal-400"
        >See all rooms</a
      >
    </section>
  `,
})
export default class NotFound {
  readonly title = input('Nothing here');
  readonly detail = input(
    'This page does not exist. It may have moved, or the link may be mistyped.',
  );
}
