import sqlite3 from 'sqlite3';

type RunCallback = (this: sqlite3.RunResult, error: Error | null) => void;

/**
 * sqlite3's Database for TypeORM's one shared connection, with its writes one at a
 * time: each write's statement is finalized before the next write starts.
 *
 * In sqlite3's default (parallel) mode the next statement may run before a failed
 * one is finalized. A write that fails with SQLITE_BUSY (the file locked by another
 * process past the busy timeout) keeps its transaction open until it is finalized,
 * so writes that ran in between joined that transaction, were answered as done
 * ("201", with an id), and were rolled back with it: measured, one acknowledged
 * message lost in each of three runs of four sends under a 12-second lock.
 *
 * Only writes (TypeORM sends every INSERT, UPDATE and DELETE through `run`) wait
 * for each other: reads, every poll among them, keep sqlite3's parallel mode. A
 * read that runs inside a failed write's open transaction sees nothing uncommitted
 * (a write refused for a lock wrote nothing). sqlite3's serialize() would give the
 * same safety by queuing reads too, at about a sixth of the poll throughput.
 */
class SerialWritesDatabase extends sqlite3.Database {
  private lastWrite: Promise<void> = Promise.resolve();

  override run(sql: string, ...rest: unknown[]): this {
    const callback = typeof rest.at(-1) === 'function' ? (rest.pop() as RunCallback) : undefined;
    const parameters = rest.length === 1 ? (rest[0] ?? []) : rest;
    this.lastWrite = this.lastWrite.then(
      () =>
        new Promise<void>((done) => {
          const statement = this.prepare(sql);
          statement.run(parameters, function (this: sqlite3.RunResult, error: Error | null) {
            // `this` holds lastID and changes, passed on as sqlite3's own run() does.
            statement.finalize(() => {
              done();
              callback?.call(this, error);
            });
          });
        }),
    );
    return this;
  }
}

/** The sqlite3 module as TypeORM's `driver` option wants it, with the Database above. */
export const serializedSqlite3 = { ...sqlite3, Database: SerialWritesDatabase };
