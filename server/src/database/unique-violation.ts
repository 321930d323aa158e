import { QueryFailedError } from 'typeorm';

/** True when a write failed on a unique index (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; message?: string };
  return (
    driverError.code === '23505' ||
    (driverError.code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(driverError.message ?? ''))
  );
}
