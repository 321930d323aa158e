import sqlite3 from 'sqlite3';

/**
 * sqlite3's Database in serialized mode, for TypeORM's one shared connection:
 * each statement, its finalize included, ends before the next database work starts.
 *
 * In sqlite3's default (parallel) mode two things go wrong while another process
 * holds the file's write lock and a write waits out the busy timeout:
 * - a write that fails with SQLITE_BUSY keeps its transaction open until it is
 *   finalized, so writes that run in between join it, are answered as done ("201",
 *   with an id) and are rolled back with it: measured, one acknowledged message lost
 *   in each of three runs of four sends under a 12-second lock;
 * - another statement's finalize, which sqlite3 runs on the main thread, waits for
 *   the connection's mutex that the waiting write holds: the event loop stops, every
 *   request with it, health included, for up to the busy timeout.
 * Queuing only the writes fixes the first but not the second.
 */
class SerializedDatabase extends sqlite3.Database {
  constructor(...args: ConstructorParameters<typeof sqlite3.Database>) {
    super(...args);
    this.serialize();
    // A deleted or edited message's old words are overwritten on disk, not just unlinked.
    // (A failure here is the open's failure, which TypeORM reports.)
    this.exec('PRAGMA secure_delete = ON', () => undefined);
  }
}

/** The sqlite3 module as TypeORM's `driver` option wants it, with the Database above. */
export const serializedSqlite3 = { ...sqlite3, Database: SerializedDatabase };
