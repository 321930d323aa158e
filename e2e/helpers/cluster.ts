import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { makeDataDir, REPO_ROOT } from './server';

/**
 * The starter `npm run cluster` uses: an ES module, loaded by Node itself (a static
 * import would be compiled to CommonJS with this suite's TypeScript).
 */
async function loadStartCluster(): Promise<StartCluster> {
  const url = pathToFileURL(join(REPO_ROOT, 'scripts/cluster/start-cluster.mjs')).href;
  const module = (await import(url)) as { startCluster: StartCluster };
  return module.startCluster;
}

type StartCluster = (typeof import('../../scripts/cluster/start-cluster.mjs'))['startCluster'];

/**
 * The browser suite's server in its cluster run (E2E_CLUSTER=1): two production
 * instances on a fresh PostgreSQL database (on TEST_POSTGRES_URL's server) and
 * Redis (TEST_REDIS_URL), behind nginx on `port`.
 */
export async function startClusterServer(
  port: number,
): Promise<{ url: string; dispose(): Promise<void> }> {
  const serverUrl = required('TEST_POSTGRES_URL');
  const redisUrl = required('TEST_REDIS_URL');
  const name = `chat_e2e_${randomBytes(6).toString('hex')}`;
  await onPostgres(serverUrl, `CREATE DATABASE ${name}`);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  const workDir = makeDataDir();
  const dropAll = async () => {
    await onPostgres(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const startCluster = await loadStartCluster();
    const cluster = await startCluster({
      instances: 2,
      port,
      workDir: join(workDir, 'cluster'),
      output: process.env.E2E_SERVER_LOG ? 'inherit' : 'ignore',
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: redisUrl,
        REDIS_PREFIX: `${name}:`,
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        AUTH_RATE_LIMIT: '1000',
        // Tests fill rooms through the API faster than a person types.
        SEND_RATE_LIMIT: '1000',
        NO_COLOR: '1',
      },
    });
    return {
      url: cluster.url,
      dispose: async () => {
        await cluster.stop();
        await dropAll();
      },
    };
  } catch (error) {
    await dropAll();
    throw error;
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`E2E_CLUSTER needs ${name}`);
  return value;
}

async function onPostgres(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
