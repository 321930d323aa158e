import sqlite3 from 'sqlite3';

/**
 * sqlite3's Database in serialized mode, for TypeORM's one shared connection.
 *
 * In sqlite3's default (parallel) mode the next statement may run before a failed
 * one is finalized. A write that fails with SQLITE_BUSY (the file locked by another
 * process past the busy timeout) keeps its transaction open until it is finalized,
 * so writes that run in between join that transaction, are answered as done
 * ("201", with an id), and are rolled back with it: measured, one acknowledged
 * message lost in each of three runs of four sends under a 12-second lock. Serialized,
 * each statement, its finalize included, ends before the next database work starts.
 * Polls lose little: the connection already ran one statement at a time.
 */
class SerializedDatabase extends sqlite3.Database {
  constructor(...args: ConstructorParameters<typeof sqlite3.Database>) {
    super(...args);
    this.serialize();
  }
}

/** The sqlite3 module as TypeORM's `driver` option wants it, with the Database above. */
export const serializedSqlite3 = { ...sqlite3, Database: SerializedDatabase };
