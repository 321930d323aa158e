import { signal } from '@angular/core';
import { AbstractControl } from '@angular/forms';
import { Observable } from 'rxjs';
import { errorMessage } from '../../core/api/error-message';

/**
 * What every form that is sent to the server tracks: whether the person has tried
 * to submit (so field problems show), whether a request is in flight (one at a
 * time), and the server's refusal in words.
 */
export class FormSubmission {
  readonly submitted = signal(false);
  readonly busy = signal(false);
  readonly serverError = signal<string | null>(null);

  /** Sends `request()` if `form` is valid and nothing is in flight; `done` gets the answer. */
  run<T>(form: AbstractControl, request: () => Observable<T>, done: (value: T) => void): void {
    this.submitted.set(true);
    this.serverError.set(null);
    if (form.invalid || this.busy()) return;
    this.busy.set(true);
    request().subscribe({
      next: (value) => {
        this.busy.set(false);
        done(value);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.serverError.set(errorMessage(error));
      },
    });
  }

  /** A control's problem shows once it was touched or a submit was tried. */
  shows(control: AbstractControl): boolean {
    return control.invalid && (control.touched || this.submitted());
  }
}
