import { NestFactory } from '@nestjs/core';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../test/helpers/test-app';
import { loadAppConfig } from '../config/app-config';
import { UsersCliModule } from '../users/cli/users-cli.module';
import { dataSourceOptions, openDatabase } from './data-source';
import { SqliteStatements } from './sqlite-statements';

describe('finalizing prepared statements before the connection closes', () => {
  const folders: string[] = [];
  const configIn = () => {
    const dataDir = makeDataDir();
    folders.push(dataDir);
    return loadAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it("closes a Nest context's database after its statements ran (the user command's modules)", async () => {
    const app = await NestFactory.createApplicationContext(UsersCliModule.forRoot(configIn()), {
      logger: false,
    });
    const dataSource = app.get(DataSource);
    const count = SqliteStatements.of(dataSource)!.prepare<{ n: number }>(
      'SELECT COUNT(*) AS n FROM users',
    );
    expect(await count([])).toEqual([{ n: 0 }]);

    await app.close();
    // TypeORM logs a failed close and goes on: only this shows that it closed.
    expect(dataSource.isInitialized).toBe(false);
  });

  it('outside Nest: SQLite refuses to close with a live statement, and closes once it is finalized', async () => {
    const dataSource = await openDatabase(dataSourceOptions(configIn()));
    const one = SqliteStatements.of(dataSource)!.prepare<{ one: number }>('SELECT 1 AS one');
    expect(await one([])).toEqual([{ one: 1 }]);

    await expect(dataSource.destroy()).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(dataSource.isInitialized).toBe(true);

    await SqliteStatements.finalizeAll(dataSource);
    await dataSource.destroy();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('answers a query after the finalize as a closed database does (503), compiling nothing', async () => {
    const dataSource = await openDatabase(dataSourceOptions(configIn()));
    const statements = SqliteStatements.of(dataSource)!;
    const used = statements.prepare('SELECT 1');
    await used([]);
    const neverUsed = statements.prepare('SELECT 2');

    await SqliteStatements.finalizeAll(dataSource);
    await expect(used([])).rejects.toMatchObject({ code: 'SQLITE_MISUSE' });
    await expect(neverUsed([])).rejects.toMatchObject({ code: 'SQLITE_MISUSE' });
    await dataSource.destroy();
    expect(dataSource.isInitialized).toBe(false);
  });
});
