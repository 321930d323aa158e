import sqlite3 from 'sqlite3';
import type { TestApp } from './test-app';

/**
 * Takes the app's SQLite file's write lock from another connection (as another
 * process would, e.g. the sqlite3 shell in a transaction) and returns its release.
 */
export async function lockDatabase(testApp: TestApp): Promise<() => Promise<void>> {
  const other = await new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(String(testApp.dataSource.options.database), (error) =>
      error ? reject(error) : resolve(db),
    );
  });
  await exec(other, 'BEGIN EXCLUSIVE');
  return async () => {
    await exec(other, 'ROLLBACK');
    await new Promise((resolve) => other.close(resolve));
  };
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) =>
    db.exec(sql, (error) => (error ? reject(error) : resolve())),
  );
}
