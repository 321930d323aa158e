import type { Database } from 'sqlite3';
import type { DataSource, Logger } from 'typeorm';

/**
 * The SQL statements the app sends to its database while `work` runs: from
 * sqlite3's trace (prepared statements bypass TypeORM there), or from TypeORM's
 * logger on PostgreSQL, where every query goes through a query runner.
 */
export async function statementsDuring(
  dataSource: DataSource,
  work: () => Promise<unknown>,
): Promise<string[]> {
  const statements: string[] = [];
  const record = (sql: string) => statements.push(sql);
  if (dataSource.driver.options.type === 'sqlite') {
    const connection = (dataSource.driver as unknown as { databaseConnection: Database })
      .databaseConnection;
    connection.on('trace', record);
    try {
      await work();
    } finally {
      connection.removeListener('trace', record);
    }
    return statements;
  }
  const logger = dataSource.logger;
  const tracing: Logger = Object.assign(Object.create(logger) as Logger, {
    logQuery: (sql: string) => record(sql),
  });
  (dataSource as { logger: Logger }).logger = tracing;
  try {
    await work();
  } finally {
    (dataSource as { logger: Logger }).logger = logger;
  }
  return statements;
}
