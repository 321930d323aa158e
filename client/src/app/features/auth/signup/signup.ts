import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PATTERN,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
} from '../../../core/api/chat-rules';
import { safeNext } from '../../../core/auth/safe-next';
import { SessionStore } from '../../../core/auth/session-store';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { textLengthBetween } from '../../../shared/forms/text-validators';
import { FormSubmission } from '../../../shared/ui/form-submission';

@Component({
  selector: 'app-signup',
  imports: [ReactiveFormsModule, RouterLink, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../auth-form.css',
  templateUrl: './signup.html',
})
export default class Signup {
  readonly next = input<string>();

  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: [
      '',
      [
        Validators.required,
        textLengthBetween(USERNAME_MIN_LENGTH, USERNAME_MAX_LENGTH),
        Validators.pattern(USERNAME_PATTERN),
      ],
    ],
    password: [
      '',
      [
        Validators.required,
        textLengthBetween(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH),
        Validators.pattern(PASSWORD_PATTERN),
      ],
    ],
  });
  protected readonly submission = new FormSubmission();
  protected readonly lengths = {
    username: { min: USERNAME_MIN_LENGTH, max: USERNAME_MAX_LENGTH },
    password: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
  };

  protected submit(): void {
    this.submission.run(
      this.form,
      () => this.session.signup(this.form.getRawValue()),
      () => void this.router.navigateByUrl(safeNext(this.next())),
    );
  }

  /** The first rule the field breaks, in words, once the person has had a go at it. */
  protected problem(field: 'username' | 'password'): string | null {
    const control = this.form.controls[field];
    if (!this.submission.shows(control)) return null;
    const errors = control.errors ?? {};
    const { min, max } = this.lengths[field];
    const lengthProblem = `Use ${min} to ${max} characters.`;
    if (field === 'username') {
      if (errors['required']) return 'Choose a username.';
      if (errors['minlength'] || errors['maxlength']) return lengthProblem;
      return 'Use only letters, digits, ".", "_" and "-".';
    }
    if (errors['required']) return 'Choose a password.';
    if (errors['minlength'] || errors['maxlength']) return lengthProblem;
    return 'Use something besides digits.';
  }
}
