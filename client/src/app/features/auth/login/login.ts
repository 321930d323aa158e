import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { safeNext } from '../../../core/auth/safe-next';
import { SessionStore } from '../../../core/auth/session-store';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { FormSubmission } from '../../../shared/ui/form-submission';

@Component({
  selector: 'app-login',
  imports: [ReactiveFormsModule, RouterLink, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../auth-form.css',
  templateUrl: './login.html',
})
export default class Login {
  /** Where to go afterwards, from `?next=`. */
  readonly next = input<string>();

  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  /** The last session ended outside this page (another tab logged out, or it expired). */
  protected readonly endedElsewhere = this.session.endedElsewhere;

  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly submission = new FormSubmission();

  protected submit(): void {
    this.submission.run(
      this.form,
      () => this.session.login(this.form.getRawValue()),
      () => void this.router.navigateByUrl(safeNext(this.next())),
    );
  }

  protected showError(field: 'username' | 'password'): boolean {
    return this.submission.shows(this.form.controls[field]);
  }
}
