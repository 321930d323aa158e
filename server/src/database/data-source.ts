import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ensureDataDir, ensurePrivateFile } from '../config/data-dir';
import { Message } from '../messages/message.entity';
import { Room } from '../rooms/room.entity';
import { User } from '../users/user.entity';
import { AppState } from './app-state.entity';
import { migrations } from './migrations';
import { serializedSqlite3 } from './serialized-sqlite';
import { Session } from './session.entity';

export const entities = [User, Room, Message, Session, AppState];

/** Options for the app, the user command and the tests alike: migrations run at start, never `synchronize`. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'dataDir' | 'databaseFile'>,
): DataSourceOptions {
  ensureDataDir(config.dataDir);
  ensurePrivateFile(config.databaseFile);
  return {
    type: 'sqlite',
    database: config.databaseFile,
    entities,
    migrations,
    migrationsRun: true,
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
