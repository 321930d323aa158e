import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { after } from './helpers/raw-http';
import { lockDatabase } from './helpers/database-lock';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { HEALTHY, testTarget } from './helpers/test-target';

describe('GET /api/health', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => stopTestApp(testApp));

  it('answers 200 {status: "ok"} while the database answers', async () => {
    const response = await request(testApp.url).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(HEALTHY);
  });

  // About SQLite's one connection, which a write can hold; PostgreSQL's pool has more.
  it.skipIf(testTarget !== 'sqlite')(
    'answers 503 with Retry-After, without waiting out the busy timeout, while the connection is stuck behind a lock',
    async () => {
      const release = await lockDatabase(testApp);
      let writeSettled = false;
      let write: Promise<unknown> | undefined;
      try {
        // A write through the app's one connection waits for the lock (up to the 5 s busy
        // timeout), and every statement after it, SELECT 1 included, waits behind it.
        write = testApp.dataSource
          .query('UPDATE rooms SET name = name')
          .catch(() => undefined)
          .finally(() => (writeSettled = true));
        // The write holds the connection once a probe no longer answers at once (a probe
        // may slip in before the write's first step).
        let held = false;
        for (let probes = 0; !held && probes < 20; probes += 1) {
          const probe = testApp.dataSource.query('SELECT 1').then(() => false);
          held = await Promise.race([probe, after(200, true)]);
        }
        expect(held).toBe(true);

        const response = await request(testApp.url).get('/api/health');
        // Answered while the write still waits: the check did not queue behind it.
        expect(writeSettled).toBe(false);
        expect(response.status).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.body).toEqual({
          statusCode: 503,
          message: 'The database does not answer',
          error: 'Service Unavailable',
        });
      } finally {
        await release();
        await write;
      }
      expect((await request(testApp.url).get('/api/health')).status).toBe(200);
    },
  );
});
