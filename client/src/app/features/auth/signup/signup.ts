import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { safeNext } from '../../../core/auth/safe-next';
import { SessionStore } from '../../../core/auth/session-store';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { FormSubmission } from '../../../shared/ui/form-submission';

/** The server's rules (server/src/auth/dto/signup.dto.ts), checked here first for quick feedback. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]+$/;
export const NOT_ONLY_DIGITS = /\D/;

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
        Validators.minLength(3),
        Validators.maxLength(32),
        Validators.pattern(USERNAME_PATTERN),
      ],
    ],
    password: [
      '',
      [
        Validators.required,
        Validators.minLength(8),
        Validators.maxLength(128),
        Validators.pattern(NOT_ONLY_DIGITS),
      ],
    ],
  });
  protected readonly submission = new FormSubmission();

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
    if (field === 'username') {
      if (errors['required']) return 'Choose a username.';
      if (errors['minlength'] || errors['maxlength']) return 'Use 3 to 32 characters.';
      return 'Use only letters, digits, ".", "_" and "-".';
    }
    if (errors['required']) return 'Choose a password.';
    if (errors['minlength'] || errors['maxlength']) return 'Use 8 to 128 characters.';
    return 'Use something besides digits.';
  }
}
