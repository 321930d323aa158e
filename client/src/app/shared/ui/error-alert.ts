import { ChangeDetectionStrategy, Component } from '@angular/core';

/** A refusal or failure, in words, announced to screen readers as it appears. */
@Component({
  selector: 'app-error-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'alert',
    class:
      'block rounded-lg border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-500/40 dark:bg-rose-500/10 dark:text-rose-200',
  },
  template: '<ng-content />',
})
export class ErrorAlert {}
