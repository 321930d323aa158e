import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { errorMessage } from '../../../core/api/error-message';
import { safeNext } from '../../../core/auth/safe-next';
import { SessionStore } from '../../../core/auth/session-store';
import { ErrorAlert } from '../../../shared/ui/error-alert';

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

  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly serverError = signal<string | null>(null);

  protected submit(): void {
    this.submitted.set(true);
    this.serverError.set(null);
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.session.login(this.form.getRawValue()).subscribe({
      next: () => void this.router.navigateByUrl(safeNext(this.next())),
      error: (error: unknown) => {
        this.busy.set(false);
        this.serverError.set(errorMessage(error));
      },
    });
  }

  protected showError(field: 'username' | 'password'): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }
}
