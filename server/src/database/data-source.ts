import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ensureDataDir, ensurePrivateFile } from '../config/data-dir';
import { Message } from '../messages/message.entity';
import { Room } from '../rooms/room.entity';
import { User } from '../users/user.entity';
import { AppState } from './app-state.entity';
import { migrations } from './migrations';
import { runMigrations } from './run-migrations';
import { serializedSqlite3 } from './serialized-sqlite';
import { Session } from './session.entity';

export const entities = [User, Room, Message, Session, AppState];

/**
 * Options for the app, the user command and the tests alike: PostgreSQL when a
 * DATABASE_URL is set, else the SQLite file in the data folder. Migrations run at
 * start (see openDatabase), never `synchronize`.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'dataDir' | 'databaseFile' | 'databaseUrl'>,
): DataSourceOptions {
  if (config.databaseUrl) {
    return {
      type: 'postgres',
      url: config.databaseUrl,
      entities,
      migrations,
      synchronize: false,
      // A statement that waits longer than a request may is a fault, not a queue. A lock
      // held elsewhere is waited for as long as SQLite's busy timeout, then is 55P03
      // (503, see database-unavailable.ts), not a 500 when the statement timeout ends it.
      extra: {
        max: 10,
        connectionTimeoutMillis: 5000,
        statement_timeout: 15_000,
        lock_timeout: 5000,
      },
    };
  }
  ensureDataDir(config.dataDir);
  ensurePrivateFile(config.databaseFile);
  return {
    type: 'sqlite',
    database: config.databaseFile,
    entities,
    migrations,
    synchronize: false,
    // TypeORM calls sqlite3.verbose(), which captures a stack trace and util.inspect()s
    // the arguments of every query: a quarter of a poll's CPU. Hand it the plain module,
    // its connection serialized (see SerializedDatabase).
    driver: { verbose: () => serializedSqlite3 },
    // WAL lets readers (every poll) proceed while a message is written.
    enableWAL: true,
    busyTimeout: 5000,
  };
}

/** Connects and brings the schema up to date. */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
