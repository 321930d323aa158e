/**
 * What the API suite runs against, one run each (see server/vitest.config.mts):
 * - `sqlite`: the app in the test process on a SQLite file, the default;
 * - `postgres`: the app in the test process on a fresh PostgreSQL database
 *   (TEST_POSTGRES_URL names the server);
 * - `cluster`: two app processes on a fresh PostgreSQL database and on Redis
 *   (TEST_REDIS_URL), behind nginx; specs reach them only over HTTP.
 */
export type TestTarget = 'sqlite' | 'postgres' | 'cluster';

export const testTarget: TestTarget = parseTarget(process.env.CHAT_TEST_TARGET);

function parseTarget(value: string | undefined): TestTarget {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'postgres' || value === 'cluster') {
    if (!process.env.TEST_POSTGRES_URL)
      throw new Error(`CHAT_TEST_TARGET=${value} needs TEST_POSTGRES_URL`);
    if (value === 'cluster' && !process.env.TEST_REDIS_URL) {
      throw new Error('CHAT_TEST_TARGET=cluster needs TEST_REDIS_URL');
    }
    return value;
  }
  throw new Error(`CHAT_TEST_TARGET must be sqlite, postgres or cluster, not ${value}`);
}

/** Specs that need the app in the test process (its providers, its database handle). */
export const inProcess = testTarget !== 'cluster';

/** What GET /api/health answers on this target when all is well. */
export const HEALTHY =
  testTarget === 'cluster'
    ? { status: 'ok', database: 'ok', redis: 'ok' }
    : { status: 'ok', database: 'ok' };
