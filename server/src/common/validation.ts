import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isBlank } from './chat-rules';

/**
 * The one validation pipe: unknown fields are refused (that is how `isAdmin` in a
 * sign-up body is rejected), and values are converted to the DTO's types.
 */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  // One clear message per field ("after must be an integer number"), not every rule it broke.
  stopAtFirstError: true,
});

/** Trims strings; leaves other values for the type validators to refuse. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * Turns a query-string integer ("42") into a number and leaves anything else
 * ("", "4.2", "1e3", ["1","2"]) as it is, for `@IsInt()` to refuse.
 */
export const ToInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value,
  );

/** Refuses text that shows nothing (see isBlank in chat-rules): "must not be blank". */
export const IsNotBlank = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !isBlank(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be blank`,
      },
    },
    options,
  );
