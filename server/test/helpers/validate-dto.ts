import { plainToInstance } from 'class-transformer';
import type { ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';

export interface DtoCheck<T> {
  /** The DTO as the validation pipe hands it to the controller (after @Transform). */
  dto: T;
  /** Each refused property with the names of the rules it broke ("isString", "whitelistValidation"…). */
  errors: Record<string, string[]>;
}

/**
 * Runs a request body or query through a DTO the way the app's validationPipe
 * does (same transform, same options: unknown fields refused).
 */
export async function checkDto<T extends object>(
  type: ClassConstructor<T>,
  plain: unknown,
): Promise<DtoCheck<T>> {
  const dto = plainToInstance(type, plain);
  const failures = await validate(dto as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  const errors = Object.fromEntries(
    failures.map((failure) => [failure.property, Object.keys(failure.constraints ?? {})]),
  );
  return { dto, errors };
}
