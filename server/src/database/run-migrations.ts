import type { DataSource } from 'typeorm';

/** The advisory lock that instances take to migrate one at a time: any number may start at once. */
export const MIGRATION_LOCK_KEY = 4_271_009_001;

/**
 * Runs pending migrations. On PostgreSQL under a session-level advisory lock: the
 * first instance migrates, the others wait for it and then find nothing to do
 * (TypeORM alone lets two of them create the same tables, and one crashes). The
 * migrations run in one transaction, as TypeORM's default: all of them or none.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.driver.options.type !== 'postgres') {
    await dataSource.runMigrations();
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  try {
    // Another instance's migrations may take longer than the app's lock timeout.
    await lockHolder.query('SET lock_timeout = 0');
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations();
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await lockHolder.query('RESET lock_timeout').catch(() => {});
    await lockHolder.release();
  }
}
