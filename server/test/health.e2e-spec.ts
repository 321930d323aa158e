import sqlite3 from 'sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { after } from './helpers/raw-http';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';

/** Another process's connection to the same SQLite file. */
function openOther(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
  });
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) =>
    db.exec(sql, (error) => (error ? reject(error) : resolve())),
  );
}

describe('GET /api/health', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => stopTestApp(testApp));

  it('answers 200 {status: "ok"} while the database answers', async () => {
    const response = await request(testApp.url).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers 503 with Retry-After, without waiting out the busy timeout, while the connection is stuck behind a lock', async () => {
    const other = await openOther(String(testApp.dataSource.options.database));
    await exec(other, 'BEGIN EXCLUSIVE');
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
      await exec(other, 'ROLLBACK');
      await new Promise((resolve) => other.close(resolve));
      await write;
    }
    expect((await request(testApp.url).get('/api/health')).status).toBe(200);
  });
});
