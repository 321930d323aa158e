import { QueryFailedError } from 'typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { SqliteStatements } from './sqlite-statements';

/**
 * A statement written once in SQL that SQLite and PostgreSQL both read (double-quoted
 * identifiers, `:name` parameters), run with each driver's own placeholders. Used
 * where the query builder has no form for the SQL (a write's RETURNING, a head read
 * in the same statement as its page) and on the hot paths, where building each time
 * cost more than running. On SQLite the statement is compiled once.
 */
export type PreparedSql<Row> = (
  values: Record<string, unknown>,
  /** A PostgreSQL transaction's runner to run it in (see exclusively()). */
  runner?: QueryRunner,
) => Promise<Row[]>;

export function prepareSql<Row>(dataSource: DataSource, sql: string): PreparedSql<Row> {
  const names = [...new Set(Array.from(sql.matchAll(/:(\w+)/g), (match) => match[1]))];
  const standIns = Object.fromEntries(names.map((name) => [name, { name }]));
  const [driverSql, order] = dataSource.driver.escapeQueryWithParameters(sql, standIns, {}) as [
    string,
    { name: string }[],
  ];
  const statement = SqliteStatements.of(dataSource)?.prepare<Row>(driverSql);
  // Failures in TypeORM's own form, whichever way the statement ran, so a unique
  // violation or a busy database is recognised the same everywhere.
  const sqlite =
    statement &&
    ((parameters: unknown[]) =>
      statement(parameters).catch((error: Error) => {
        throw new QueryFailedError(driverSql, parameters, error);
      }));
  // What TypeORM itself stores on SQLite: UTC text for times, 0/1 for booleans.
  const toDriver = sqlite
    ? (value: unknown) =>
        value instanceof Date
          ? (DateUtils.mixedDateToUtcDatetimeString(value) as string)
          : typeof value === 'boolean'
            ? Number(value)
            : value
    : (value: unknown) => value;
  const inRunner = async (runner: QueryRunner, parameters: unknown[]) => {
    const result: { records: Row[] } = await runner.query(driverSql, parameters, true);
    return result.records;
  };
  const run =
    sqlite ??
    (async (parameters: unknown[]) => {
      const runner = dataSource.createQueryRunner();
      try {
        return await inRunner(runner, parameters);
      } finally {
        await runner.release();
      }
    });
  return (values, runner) => {
    const parameters = order.map(({ name }) => {
      if (!(name in values)) throw new Error(`prepareSql: no value for :${name}`);
      return toDriver(values[name]);
    });
    return runner ? inRunner(runner, parameters) : run(parameters);
  };
}
