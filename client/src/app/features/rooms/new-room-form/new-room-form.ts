import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Room } from '../../../core/api/api-types';
import { ROOM_NAME_MAX_LENGTH, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../../core/api/chat-rules';
import { RoomsApi } from '../../../core/api/rooms-api';
import { notBlank, textLengthBetween } from '../../../shared/forms/text-validators';
import { ErrorAlert } from '../../../shared/ui/error-alert';
import { FormSubmission } from '../../../shared/ui/form-submission';

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
    name: [
      '',
      [Validators.required, notBlank, textLengthBetween(1, ROOM_NAME_MAX_LENGTH, { trim: true })],
    ],
    slug: ['', [textLengthBetween(0, SLUG_MAX_LENGTH), Validators.pattern(SLUG_PATTERN)]],
  });
  protected readonly submission = new FormSubmission();

  protected submit(): void {
    const { name, slug } = this.form.getRawValue();
    this.submission.run(
      this.form,
      () => this.api.create(slug ? { name: name.trim(), slug } : { name: name.trim() }),
      (room) => {
        this.submission.submitted.set(false);
        this.form.reset();
        this.created.emit(room);
      },
    );
  }

  protected problem(field: 'name' | 'slug'): string | null {
    const control = this.form.controls[field];
    if (!this.submission.shows(control)) return null;
    if (field === 'name') {
      return control.errors?.['maxlength']
        ? `Use at most ${ROOM_NAME_MAX_LENGTH} characters.`
        : 'Give the room a name.';
    }
    return control.errors?.['maxlength']
      ? `Use at most ${SLUG_MAX_LENGTH} characters.`
      : 'Use lowercase letters and digits, in groups joined by single dashes.';
  }
}
