import { QueryRunner } from 'typeorm';

/** The driver's own timestamp type ("datetime" on SQLite, "timestamp" on PostgreSQL). */
export function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.driver.normalizeType({ type: Date });
}
