import { QueryRunner } from 'typeorm';

/**
 * A point in time: "datetime" on SQLite (UTC text, as TypeORM writes it) and
 * "timestamptz" on PostgreSQL, whose plain "timestamp" would drop the zone and
 * read back in whatever zone the server is set to.
 */
export function timestampType(queryRunner: QueryRunner): string {
  const { driver } = queryRunner.connection;
  return driver.options.type === 'postgres' ? 'timestamptz' : driver.normalizeType({ type: Date });
}
