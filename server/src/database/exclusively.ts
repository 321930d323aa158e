import type { DataSource, QueryRunner } from 'typeorm';

/** PostgreSQL advisory lock keys: one per kind of work that instances take turns at. */
export const LOCKS = { migrations: 4_271_009_001, signUp: 4_271_009_002 } as const;

/**
 * Runs `work` as one transaction that holds an advisory lock, on PostgreSQL,
 * where concurrent transactions on other instances would otherwise each see the
 * state before the others' writes. On SQLite `work` runs as it is, without a
 * runner: each statement is already atomic and serial (one connection, which
 * TypeORM shares between requests, so a transaction there would take in theirs).
 */
export async function exclusively<T>(
  dataSource: DataSource,
  lock: number,
  work: (runner?: QueryRunner) => Promise<T>,
): Promise<T> {
  if (dataSource.driver.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1)', [lock]);
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}
