import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Room } from '../../../core/api/api-types';
import { errorMessage } from '../../../core/api/error-message';
import { RoomsApi } from '../../../core/api/rooms-api';
import { ErrorAlert } from '../../../shared/ui/error-alert';

/** The server's slug rule (server/src/rooms/slugify.ts). */
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Admin only: names a new room; the slug is optional and derived by the server. */
@Component({
  selector: 'app-new-room-form',
  host: { class: 'block' },
  imports: [ReactiveFormsModule, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './new-room-form.html',
})
export class NewRoomForm {
  readonly created = output<Room>();

  private readonly api = inject(RoomsApi);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(64), Validators.pattern(/\S/)]],
    slug: ['', [Validators.maxLength(50), Validators.pattern(SLUG_PATTERN)]],
  });
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly serverError = signal<string | null>(null);

  protected submit(): void {
    this.submitted.set(true);
    this.serverError.set(null);
    if (this.form.invalid || this.busy()) return;
    const { name, slug } = this.form.getRawValue();
    this.busy.set(true);
    this.api.create(slug ? { name: name.trim(), slug } : { name: name.trim() }).subscribe({
      next: (room) => {
        this.busy.set(false);
        this.submitted.set(false);
        this.form.reset();
        this.created.emit(room);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.serverError.set(errorMessage(error));
      },
    });
  }

  protected problem(field: 'name' | 'slug'): string | null {
    const control = this.form.controls[field];
    if (!control.invalid || !(control.touched || this.submitted())) return null;
    if (field === 'name') {
      return control.errors?.['maxlength'] ? 'Use at most 64 characters.' : 'Give the room a name.';
    }
    return control.errors?.['maxlength']
      ? 'Use at most 50 characters.'
      : 'Use lowercase letters and digits, in groups joined by single dashes.';
  }
}
