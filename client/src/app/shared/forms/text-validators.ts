import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { isBlank, textLength } from '../../core/api/chat-rules';

/**
 * Between `min` and `max` characters counted as the server counts them (textLength:
 * "😀" is one, where Validators.maxLength counts two), after trimming when the server
 * trims. Errors are keyed like Angular's: `minlength`, `maxlength`.
 */
export function textLengthBetween(
  min: number,
  max: number,
  options = { trim: false },
): ValidatorFn {
  return (control: AbstractControl<string>): ValidationErrors | null => {
    const value = control.value ?? '';
    if (value === '') return null; // Validators.required's business
    const actualLength = textLength(options.trim ? value.trim() : value);
    if (actualLength < min) return { minlength: { requiredLength: min, actualLength } };
    if (actualLength > max) return { maxlength: { requiredLength: max, actualLength } };
    return null;
  };
}

/** Refuses text that would show nothing (isBlank: spaces, zero-width characters…): `blank`. */
export const notBlank: ValidatorFn = (control: AbstractControl<string>) =>
  isBlank(control.value ?? '') ? { blank: true } : null;
