// PostgreSQL for `--postgres` and `--instances`: a database per run (seeded once,
// cloned per configuration, dropped after), history in bulk, and the CPU of the
// server processes (backends) that serve it.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { processUsage } from './server.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function connect(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

/** A URL naming another database on the same server. */
function withDatabase(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The PostgreSQL server to bench on ({url, version}): BENCH_POSTGRES_URL, else the
 * default, if it answers; else an error that says what to set.
 */
export async function postgresServer(env = process.env) {
  const url = env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL;
  try {
    const client = await connect(url);
    const { rows } = await client.query('SHOW server_version');
    await client.end();
    return { url, version: rows[0].server_version };
  } catch (error) {
    throw new Error(
      `--postgres/--instances need a PostgreSQL server: ${url} did not answer (${error.message}). ` +
        'Set BENCH_POSTGRES_URL to a postgres:// URL of a user that may CREATE DATABASE.',
    );
  }
}

/**
 * Creates a database on the server of `serverUrl` (empty, or a copy of `template`,
 * which nobody may be connected to) and returns its URL and how to drop it.
 */
export async function createDatabase(serverUrl, name, template) {
  const admin = await connect(serverUrl);
  try {
    const from = template ? ` TEMPLATE "${template}" STRATEGY = FILE_COPY` : '';
    // Right after a server stops, its pool's connections may still be closing.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(`CREATE DATABASE "${name}"${from}`);
        break;
      } catch (error) {
        if (!/being accessed by other users/.test(error.message) || attempt === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(serverUrl, name),
    async drop() {
      const client = await connect(serverUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh name for this run's databases. */
export function benchDatabaseName() {
  return `chat_bench_${randomBytes(4).toString('hex')}`;
}

/**
 * Inserts `count` messages into a room straight into PostgreSQL, as insertHistory
 * does on SQLite: each takes the room's next seq. The per-row trigger that hands
 * out seqs (an UPDATE of the room row each) is off for the statement, which sets
 * seq itself and moves the room's head once; then the table is analysed, as a
 * database that grew over time would be.
 */
export async function insertHistoryPostgres(databaseUrl, rooms, userId) {
  const client = await connect(databaseUrl);
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE messages DISABLE TRIGGER USER');
    for (const { roomId, count } of rooms) {
      await client.query(
        `INSERT INTO messages ("roomId", "userId", content, "createdAt", seq, "changeSeq")
         SELECT $1, $2, 'history message ' || i, now(), head + i, head + i
         FROM generate_series(1, $3::int) AS i,
           (SELECT "lastSeq" AS head FROM rooms WHERE id = $1) AS room
         ORDER BY i`,
        [roomId, userId, count],
      );
      await client.query(`UPDATE rooms SET "lastSeq" = "lastSeq" + $2 WHERE id = $1`, [
        roomId,
        count,
      ]);
    }
    await client.query('ALTER TABLE messages ENABLE TRIGGER USER');
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds spent by the PostgreSQL backends connected to `databaseUrl`'s
 * database (its server's other work is not counted), sampled every second so
 * that a backend that ends between two reads loses at most a second.
 */
export async function backendCpu(databaseUrl) {
  const client = await connect(databaseUrl);
  const seen = new Map(); // pid → last CPU seconds read
  let sampling = Promise.resolve();
  const sample = () =>
    (sampling = sampling.then(async () => {
      const { rows } = await client.query(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      for (const { pid } of rows) {
        try {
          seen.set(pid, processUsage(pid).cpuSeconds);
        } catch {
          // ended since
        }
      }
    }));
  await sample();
  const timer = setInterval(() => void sample().catch(() => {}), 1000);
  return {
    /** Total CPU seconds of every backend seen so far. */
    async read() {
      await sample();
      return [...seen.values()].reduce((sum, seconds) => sum + seconds, 0);
    },
    async stop() {
      clearInterval(timer);
      await sampling.catch(() => {});
      await client.end();
    },
  };
}
