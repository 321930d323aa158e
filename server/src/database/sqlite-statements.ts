import type { Database, Statement } from 'sqlite3';
import type { DataSource } from 'typeorm';
import type { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';

export type RunQuery<Row> = (parameters: unknown[]) => Promise<Row[]>;

const perDataSource = new WeakMap<DataSource, SqliteStatements>();

/**
 * Prepared statements that live as long as the SQLite connection. sqlite3 runs
 * `Database#all(sql)` by compiling a fresh statement each time, which was the
 * largest single cost of a poll. A statement must be finalized before its
 * connection closes (sqlite3 refuses to close with SQLITE_BUSY otherwise): in the
 * app, FinalizeStatements does it at shutdown, once the HTTP server has finished its
 * requests and just before TypeORM closes the connection.
 */
export class SqliteStatements {
  private readonly statements = new Set<Statement>();
  /** Set by finalizeAll: the connection is about to close, so nothing new is compiled. */
  private finalized = false;

  private constructor(private readonly driver: SqliteDriver) {}

  /** The registry of this data source, or undefined when it is not on `sqlite3`. */
  static of(dataSource: DataSource): SqliteStatements | undefined {
    if (dataSource.driver.options.type !== 'sqlite') return undefined;
    let statements = perDataSource.get(dataSource);
    if (!statements) {
      statements = new SqliteStatements(dataSource.driver as SqliteDriver);
      perDataSource.set(dataSource, statements);
    }
    return statements;
  }

  /** A query whose statement is compiled on first use and then reused. */
  prepare<Row>(sql: string): RunQuery<Row> {
    let statement: Statement | undefined;
    return (parameters) =>
      new Promise((resolve, reject) => {
        if (this.finalized) return reject(closingError());
        if (!statement) {
          const compiled = this.compile(sql, (broken) => {
            if (statement === broken) statement = undefined;
          });
          if (compiled instanceof Error) return reject(compiled);
          statement = compiled;
        }
        const current = statement;
        current.all<Row>(parameters, (error, rows) => {
          if (!error) return resolve(rows);
          // A statement stopped by an error stays active, holding its transaction open,
          // until it is reset: reset it before anyone else uses the connection.
          current.reset(() => reject(error));
        });
      });
  }

  /**
   * Compiles a statement. With a callback, a failed prepare is reported there
   * instead of thrown (an 'error' event); the broken statement, which answers every
   * run with that error, is dropped (`onFailure`) to be made again next time. On a
   * closed connection the callback runs before `prepare` returns: that error is returned.
   */
  private compile(sql: string, onFailure: (broken: Statement) => void): Statement | Error {
    const connection = this.driver.databaseConnection as Database;
    // Filled in once prepare() returns; read by a callback that may run before that.
    const compiled: { statement?: Statement; failedAtOnce?: Error } = {};
    compiled.statement = connection.prepare(sql, (error: Error | null) => {
      if (!error) return;
      if (!compiled.statement) {
        compiled.failedAtOnce = error;
        return;
      }
      this.statements.delete(compiled.statement);
      onFailure(compiled.statement);
    });
    if (compiled.failedAtOnce) return compiled.failedAtOnce;
    this.statements.add(compiled.statement);
    return compiled.statement;
  }

  /**
   * Finalizes every statement of a data source that has any, so that its connection
   * can close; a query after this fails as on a closed database (503). Call it once
   * nothing queries any more, just before `dataSource.destroy()`.
   */
  static finalizeAll(dataSource: DataSource): Promise<void> {
    return perDataSource.get(dataSource)?.finalizeEach() ?? Promise.resolve();
  }

  private async finalizeEach(): Promise<void> {
    this.finalized = true;
    const statements = [...this.statements];
    this.statements.clear();
    await Promise.all(
      statements.map((statement) => new Promise<void>((done) => statement.finalize(() => done()))),
    );
  }
}

/** What a query gets once the statements are finalized: sqlite3's own "closed" code. */
function closingError(): Error {
  return Object.assign(new Error('SQLITE_MISUSE: the database is closing'), {
    code: 'SQLITE_MISUSE',
  });
}
