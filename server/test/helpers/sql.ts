import type { DataSource } from 'typeorm';

/**
 * Runs raw SQL written with SQLite's `?` placeholders on either engine: PostgreSQL
 * wants `$1`, `$2`… instead. Specs write their SQL once; no `?` may stand in a
 * string literal or identifier.
 */
export function query<T = Record<string, unknown>[]>(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T> {
  return dataSource.query<T>(forEngine(dataSource, sql), params);
}

function forEngine(dataSource: DataSource, sql: string): string {
  if (dataSource.driver.options.type !== 'postgres') return sql;
  let index = 0;
  return sql.replace(/\?/g, () => `$${(index += 1)}`);
}
