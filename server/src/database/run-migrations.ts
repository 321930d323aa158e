import { DataSource, MigrationExecutor } from 'typeorm';
import { LOCKS } from './exclusively';

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
  // One connection waits for the lock and migrates, free of the app's statement and
  // lock timeouts: another instance's migrations, or a migration's own statements on a
  // large table, may take longer, and a rolling upgrade waits for the running app's locks.
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET statement_timeout = 0');
    await runner.query('SET lock_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [LOCKS.migrations]);
    await new MigrationExecutor(dataSource, runner).executePendingMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrations]).catch(() => {});
    await runner.query('RESET statement_timeout').catch(() => {});
    await runner.query('RESET lock_timeout').catch(() => {});
    await runner.release();
  }
}
