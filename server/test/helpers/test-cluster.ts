import type { ChildProcess } from 'node:child_process';
import { basename, join } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { ChangeSignal } from '../../src/changes/change-signals';
import { entities } from '../../src/database/data-source';
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  postgresUrlFor,
  sessionSecretFor,
} from './postgres-databases';

// The cluster starter `npm run cluster` uses.
import { deleteKeys } from '../../../scripts/cluster/redis-keys.mjs';
import { startCluster, stopProcess } from '../../../scripts/cluster/start-cluster.mjs';

export interface ClusterApp {
  /** nginx's address: what the specs talk to. */
  url: string;
  /** Each instance's own address, behind nginx. */
  instances: { url: string; process: ChildProcess }[];
  /** The same PostgreSQL database as the instances', for what specs check in storage. */
  dataSource: DataSource;
  /** Tells every instance of a write made behind their backs, as an instance would. */
  announce(signal: ChangeSignal): Promise<void>;
  /** Ends an instance as a supervisor would (SIGTERM), or abruptly. */
  stopInstance(index: number, signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

/**
 * Two instances of the built server (dist/server) on a fresh PostgreSQL database
 * and on Redis under a prefix of their own, with nginx in front: the deployment
 * of the README on one machine, started for one spec file.
 */
export async function startClusterApp(
  dataDir: string,
  env: Record<string, string>,
  instances = 2,
): Promise<ClusterApp> {
  await createPostgresDatabase(dataDir);
  try {
    return await startOn(dataDir, env, instances);
  } catch (error) {
    await dropPostgresDatabase(dataDir);
    throw error;
  }
}

async function startOn(
  dataDir: string,
  env: Record<string, string>,
  instances: number,
): Promise<ClusterApp> {
  const databaseUrl = postgresUrlFor(dataDir);
  const redisPrefix = `test-${basename(dataDir)}:`;
  const cluster = await startCluster({
    instances,
    env: {
      CLIENT_DIR: join(dataDir, 'no-client'),
      SESSION_SECRET: sessionSecretFor(dataDir),
      ...env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      REDIS_PREFIX: redisPrefix,
    },
    workDir: join(dataDir, 'cluster'),
    output: process.env.CLUSTER_OUTPUT === 'inherit' ? 'inherit' : 'ignore',
  });
  // A small pool: the instances' own (10 each) are what PostgreSQL's 100 connections are for.
  const dataSource = await new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities,
    extra: { max: 2 },
  })
    .initialize()
    .catch(async (error: unknown) => {
      await cluster.stop();
      throw error;
    });
  return {
    url: cluster.url,
    instances: cluster.apps,
    dataSource,
    announce: async (signal) => {
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      try {
        await redis.publish(`${redisPrefix}changes`, JSON.stringify({ origin: 'test', signal }));
      } finally {
        redis.disconnect();
      }
    },
    stopInstance: (index, signal = 'SIGTERM') => stopProcess(cluster.apps[index].process, signal),
    close: async () => {
      await cluster.stop();
      await dataSource.destroy();
      await forgetRedisKeys(redisPrefix);
    },
  };
}

/** Deletes what the cluster left in Redis (it would expire, but not at once). */
async function forgetRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL!);
  try {
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
