// `--postgres` and `--instances N`: the same scenarios as on SQLite, on a fresh
// PostgreSQL database, by one server and by N instances behind nginx (with Redis).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startBenchCluster } from './cluster.mjs';
import { measureTarget } from './measure-target.mjs';
import {
  backendCpu,
  benchDatabaseName,
  createDatabase,
  insertHistoryPostgres,
} from './postgres.mjs';
import { seed } from './seed.mjs';
import { startProcess } from './server.mjs';

/**
 * Seeds one database through the API (as the SQLite run: users, sessions, rooms,
 * then history in bulk), then measures each configuration on its own copy of it:
 * `single` (one server on `core`, no Redis) and, when `instances` ≥ 2, `cluster`
 * (the instances and nginx on `core`, with Redis). `postgresUrl` and `redis` come
 * from postgresServer() and redisServer().
 */
export async function measurePostgres({
  postgresUrl,
  redis,
  instances,
  serverScript,
  settings,
  scenarios,
  core,
  workDir,
  log,
}) {
  const base = benchDatabaseName();
  const env = {
    AUTH_RATE_LIMIT: '1000000',
    CLIENT_DIR: join(workDir, 'no-client'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
  };
  const databases = [];
  const database = async (suffix, template) => {
    const created = await createDatabase(postgresUrl, `${base}_${suffix}`, template);
    databases.push(created);
    return created;
  };
  try {
    const seeded = await database('seed');
    log(`PostgreSQL: seeding ${seeded.name}`);
    const seeder = await startProcess({
      script: serverScript,
      env: { ...env, DATA_DIR: join(workDir, 'seed'), DATABASE_URL: seeded.url },
      core,
      label: 'server (PostgreSQL)',
    });
    const { admin, clients, rooms } = await seed(seeder.url, settings);
    await seeder.stop();
    log(`PostgreSQL: history, ${settings.history} + ${Math.min(1000, settings.history)} messages`);
    await insertHistoryPostgres(
      seeded.url,
      [
        { roomId: rooms.small.id, count: Math.min(1000, settings.history) },
        { roomId: rooms.big.id, count: settings.history },
      ],
      1,
    );
    // Each configuration starts from the seeded state: the same sessions, as the
    // clients' cookies name them.
    const cookies = [admin, ...clients].map((client) => new Map(client.cookies));
    const restoreCookies = () =>
      [admin, ...clients].forEach((client, i) => (client.cookies = new Map(cookies[i])));

    const measureOn = async (label, start, stores) => {
      const copy = await database(label.replace(/\W/g, '_'), seeded.name);
      const backends = await backendCpu(copy.url);
      restoreCookies();
      const server = await start(copy.url);
      server.storeUsage = async () => ({ database: await backends.read(), ...(await stores()) });
      try {
        return await measureTarget({
          server,
          admin,
          clients,
          settings,
          scenarios,
          log: (text) => log(`${label}: ${text}`),
        });
      } finally {
        await server.stop();
        await backends.stop();
      }
    };

    const single = await measureOn(
      'postgres',
      (url) =>
        startProcess({
          script: serverScript,
          env: { ...env, DATA_DIR: join(workDir, 'single'), DATABASE_URL: url },
          core,
          label: 'server (PostgreSQL)',
        }),
      async () => ({}),
    );
    const cluster =
      instances >= 2
        ? await measureOn(
            `${instances}-instances`,
            (url) =>
              startBenchCluster({
                instances,
                env: {
                  ...env,
                  DATABASE_URL: url,
                  REDIS_URL: redis.url,
                  REDIS_PREFIX: redis.prefix,
                },
                workDir: join(workDir, 'cluster'),
                core,
              }),
            async () => ({ redis: await redis.cpuSeconds() }),
          )
        : null;
    return { single, cluster };
  } finally {
    for (const created of databases.reverse()) {
      await created.drop().catch((error) => log(`could not drop ${created.name}: ${error}`));
    }
  }
}
