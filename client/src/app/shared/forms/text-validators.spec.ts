import { FormControl } from '@angular/forms';
import { notBlank, textLengthBetween } from './text-validators';

describe('textLengthBetween', () => {
  const errorsOf = (value: string, validator = textLengthBetween(3, 5)) =>
    new FormControl(value, { nonNullable: true, validators: validator }).errors;

  it('counts as the server does: an emoji is one character, not two UTF-16 units', () => {
    expect(errorsOf('😀😀😀😀😀')).toBeNull();
    expect(errorsOf('❤️❤️❤️')).toBeNull();
    expect(errorsOf('😀😀😀😀😀😀')).toEqual({ maxlength: { requiredLength: 5, actualLength: 6 } });
    expect(errorsOf('😀')).toEqual({ minlength: { requiredLength: 3, actualLength: 1 } });
  });

  it('leaves an empty value to Validators.required', () => {
    expect(errorsOf('')).toBeNull();
  });

  it('counts after trimming when the server trims', () => {
    const trimmed = textLengthBetween(1, 5, { trim: true });
    expect(errorsOf('   abcde   ', trimmed)).toBeNull();
    expect(errorsOf('   abcde   ')).toEqual({ maxlength: { requiredLength: 5, actualLength: 11 } });
  });
});

describe('notBlank', () => {
  const errorsOf = (value: string) =>
    new FormControl(value, { nonNullable: true, validators: notBlank }).errors;

  it.each(['', '   ', '\u200b\u200d', '\u3164', '\t\n'])(
    'refuses %j, which shows nothing',
    (value) => {
      expect(errorsOf(value)).toEqual({ blank: true });
    },
  );

  it.each(['a', ' x ', '❤️', '.'])('accepts %j', (value) => {
    expect(errorsOf(value)).toBeNull();
  });
});
