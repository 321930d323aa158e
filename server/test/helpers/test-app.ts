import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import passport from 'passport';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { ChangeSignal, ChangeSignals } from '../../src/changes/change-signals';
import { loadAppConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';
import { SqliteStatements } from '../../src/database/sqlite-statements';
import { createHttpAdapter } from '../../src/http/http-server';
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  postgresUrlFor,
  sessionSecretFor,
} from './postgres-databases';
import { ClusterApp, startClusterApp } from './test-cluster';
import { testTarget } from './test-target';

export interface TestApp {
  /** The app in the test process; not in the cluster run (see test-target.ts). */
  app: INestApplication;
  /** In the cluster run: its instances, each reachable on its own. */
  cluster?: ClusterApp;
  /** Base URL of the running server, on 127.0.0.1 and a free port. */
  url: string;
  dataDir: string;
  dataSource: DataSource;
  /** Tells the app (every instance) of a write a test made straight into the database. */
  announce(signal: ChangeSignal): Promise<void>;
  close(): Promise<void>;
}

/** A fresh data folder in the system's temporary directory. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'chat-test-'));
}

/**
 * The real AppModule and the real middleware stack (configureApp), listening on
 * 127.0.0.1 over a real SQLite file (or PostgreSQL database: test-target.ts). Rate limits are raised unless a test sets them.
 */
export async function startTestApp(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? makeDataDir();
  const env = { AUTH_RATE_LIMIT: '1000', SEND_RATE_LIMIT: '1000000', ...options.env };
  if (testTarget === 'cluster') return clusterTestApp(dataDir, env);
  const config = loadAppConfig({
    ...(await databaseEnv(dataDir)),
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
  const registered = passportSerializers();
  // The production server settings (timeouts, connection cap), as main.ts.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(config.http),
    { bodyParser: false, logger: false },
  );
  const ownSerializers = [...passportSerializers()].filter((fn) => !registered.has(fn));
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    dataDir,
    dataSource: app.get(DataSource),
    announce: (signal) => Promise.resolve(app.get(ChangeSignals).publish(signal)),
    close: async () => {
      await app.close();
      forgetSerializers(ownSerializers);
    },
  };
}

/** The same spec's server as two instances behind nginx, reached over HTTP only. */
async function clusterTestApp(dataDir: string, env: Record<string, string>): Promise<TestApp> {
  const cluster = await startClusterApp(dataDir, env);
  return {
    get app(): never {
      throw new Error('This spec needs the app in the test process: skip it in the cluster run');
    },
    cluster,
    url: cluster.url,
    dataDir,
    dataSource: cluster.dataSource,
    announce: (signal) => cluster.announce(signal),
    close: () => cluster.close(),
  };
}

/**
 * On PostgreSQL (see test-target.ts), the database that stands for the data folder,
 * created if need be: the environment a server on that folder is given.
 */
export async function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (testTarget !== 'postgres') return {};
  await createPostgresDatabase(dataDir);
  return { DATABASE_URL: postgresUrlFor(dataDir), SESSION_SECRET: sessionSecretFor(dataDir) };
}

/**
 * The app's SessionSerializer registers itself with passport, which is one object
 * per process and asks its serializers in the order they came. A closed app's must
 * not answer for an app started after it in the same test file: it goes with its app.
 */
type Serializer = (...args: never[]) => unknown;
const passportLists = passport as unknown as {
  _serializers: Serializer[];
  _deserializers: Serializer[];
};

function passportSerializers(): Set<Serializer> {
  return new Set([...passportLists._serializers, ...passportLists._deserializers]);
}

function forgetSerializers(serializers: Serializer[]): void {
  const kept = (list: Serializer[]) => list.filter((fn) => !serializers.includes(fn));
  passportLists._serializers = kept(passportLists._serializers);
  passportLists._deserializers = kept(passportLists._deserializers);
}

/**
 * Closes the app's database under it, the app still running: its prepared
 * statements are finalized first, as at shutdown, or SQLite would refuse to close.
 */
export async function closeDatabase(testApp: TestApp): Promise<void> {
  await SqliteStatements.finalizeAll(testApp.dataSource);
  await testApp.dataSource.destroy();
}

/** Closes the app and deletes its data folder. */
export async function stopTestApp(testApp: TestApp | undefined): Promise<void> {
  if (!testApp) return;
  await testApp.close();
  rmSync(testApp.dataDir, { recursive: true, force: true });
  if (testTarget !== 'sqlite') await dropPostgresDatabase(testApp.dataDir);
}
