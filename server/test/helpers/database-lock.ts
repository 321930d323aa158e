import { Client } from 'pg';
import sqlite3 from 'sqlite3';
import type { TestApp } from './test-app';

/**
 * Locks the app's database from another connection, as another process would, and
 * returns the release: SQLite's file write lock (e.g. the sqlite3 shell in a
 * transaction), or on PostgreSQL the chat's tables, which no statement of the app
 * may then read or write until its lock timeout.
 */
export function lockDatabase(testApp: TestApp): Promise<() => Promise<void>> {
  return testApp.dataSource.driver.options.type === 'postgres'
    ? lockPostgres(testApp)
    : lockSqlite(testApp);
}

async function lockPostgres(testApp: TestApp): Promise<() => Promise<void>> {
  const options = testApp.dataSource.options as { url?: string };
  const other = new Client({ connectionString: options.url });
  await other.connect();
  await other.query('BEGIN');
  await other.query('LOCK TABLE rooms, messages IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await other.query('ROLLBACK');
    await other.end();
  };
}

async function lockSqlite(testApp: TestApp): Promise<() => Promise<void>> {
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
