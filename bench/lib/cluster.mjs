// `--instances N`: the project's cluster (scripts/cluster/start-cluster.mjs: N
// instances behind nginx, on PostgreSQL and Redis) as a bench target, pinned to
// the server's core, its CPU summed over the instances and nginx.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hasTaskset, processUsage } from './server.mjs';
import { startCluster } from '../../scripts/cluster/start-cluster.mjs';
import { deleteKeys } from '../../scripts/cluster/redis-keys.mjs';

const require = createRequire(import.meta.url);
const { Redis } = require('ioredis');

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The pids of a process's children (Linux). */
function childPids(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) => {
      try {
        const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
        return text.split(' ').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Every thread of `pid` on `core` from now on. */
function pin(pid, core) {
  if (hasTaskset) spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)]);
}

/**
 * The Redis server to bench on (BENCH_REDIS_URL, else the default) if it answers,
 * with a key prefix of this run's own.
 */
export async function redisServer(env = process.env) {
  const url = env.BENCH_REDIS_URL || DEFAULT_REDIS_URL;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {}); // reported by connect()
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `--instances needs a Redis server: ${url} did not answer (${error.message}). ` +
        'Set BENCH_REDIS_URL to a redis:// URL.',
    );
  }
  const prefix = `chat-bench-${randomBytes(4).toString('hex')}:`;
  return {
    url,
    prefix,
    /** The Redis server's own CPU seconds (every client's work, not only this run's). */
    async cpuSeconds() {
      const info = await redis.info('cpu');
      const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return field('used_cpu_user') + field('used_cpu_sys');
    },
    /** Deletes this run's keys and disconnects. */
    async close() {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

/**
 * Starts `instances` instances and nginx (startCluster), every process on `core`
 * when taskset exists, so that the cluster has the same core as a single server.
 * Returns a bench target: url, usage() summed over the instances and nginx's
 * processes (peak RSS: the largest instance's), stop().
 */
export async function startBenchCluster({ instances, env, workDir, core }) {
  const cluster = await startCluster({ instances, env, workDir });
  const pids = () => [
    ...cluster.apps.map((app) => app.process.pid),
    cluster.nginx.pid,
    ...childPids(cluster.nginx.pid),
  ];
  if (core !== undefined) for (const pid of pids()) pin(pid, core);
  return {
    url: cluster.url,
    pids,
    usage() {
      const apps = cluster.apps.map((app) => processUsage(app.process.pid));
      const nginx = [cluster.nginx.pid, ...childPids(cluster.nginx.pid)].map((pid) =>
        processUsage(pid),
      );
      const sum = (list) => list.reduce((total, usage) => total + usage.cpuSeconds, 0);
      return {
        cpuSeconds: sum(apps) + sum(nginx),
        nginxCpuSeconds: sum(nginx),
        peakRssMb: Math.max(...apps.map((usage) => usage.peakRssMb)),
        rssMb: Math.max(...apps.map((usage) => usage.rssMb)),
      };
    },
    stop: () => cluster.stop(),
  };
}
