import { ChangeDetectionStrategy, Component } from '@angular/core';

/** A refusal or failure, in words, announced to screen readers as it appears. */
@Component({
  selector: 'app-error-alert',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'alert',
    class: 'block rounded-lg border border-danger/40 bg-danger-tint px-3 py-2 text-sm text-danger',
  },
  template: '<ng-content />',
})
export class ErrorAlert {}
