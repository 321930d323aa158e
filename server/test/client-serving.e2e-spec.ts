import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY } from './helpers/test-target';
import { Session } from '../src/database/session.entity';
import { makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';

const INDEX = '<!doctype html><html><body><app-root></app-root></body></html>';

describe('serving the built client', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    // A stand-in for `ng build`'s output: what matters here is how it is served.
    const dataDir = makeDataDir(); // deleted with the app
    const clientDir = join(dataDir, 'browser');
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, 'index.html'), INDEX);
    writeFileSync(join(clientDir, 'main-ABCDEF12.js'), 'console.log("app")');
    writeFileSync(join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    testApp = await startTestApp({ dataDir, env: { CLIENT_DIR: clientDir } });
  });
  afterAll(() => stopTestApp(testApp));

  it('answers / with the app, never cached', async () => {
    const response = await request(testApp.url).get('/');
    expect(response.status).toBe(200);
    expect(response.text).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/rooms', '/rooms/general', '/login?next=%2Frooms', '/anything/else'])(
    'answers the deep link %s with the app, so a reload works',
    async (path) => {
      const response = await request(testApp.url).get(path);
      expect(response.status).toBe(200);
      expect(response.text).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('caches content-hashed assets for a year', async () => {
    const response = await request(testApp.url).get('/main-ABCDEF12.js');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('caches other files briefly', async () => {
    const response = await request(testApp.url).get('/favicon.svg');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
  });

  it.each(['/api', '/api/nope', '/api/rooms/general/nope/deeper'])(
    'keeps %s an API path: 404 JSON, not the app',
    async (path) => {
      const response = await request(testApp.url).get(path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    },
  );

  it('costs no session: pages and files set no cookie and write no session row', async () => {
    const sessions = testApp.dataSource.getRepository(Session);
    const before = await sessions.count();
    for (const path of ['/', '/rooms/general', '/main-ABCDEF12.js', '/favicon.svg']) {
      const response = await request(testApp.url).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(await sessions.count()).toBe(before);
  });

  it('still serves the API and its documentation', async () => {
    expect((await request(testApp.url).get('/api/health')).body).toEqual(HEALTHY);
    const docs = await request(testApp.url).get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
  });
});

describe('without a client build', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    const dataDir = makeDataDir();
    testApp = await startTestApp({ dataDir, env: { CLIENT_DIR: join(dataDir, 'missing') } });
  });
  afterAll(() => stopTestApp(testApp));

  it('serves the API alone: other paths are 404', async () => {
    expect((await request(testApp.url).get('/api/health')).status).toBe(200);
    expect((await request(testApp.url).get('/rooms')).status).toBe(404);
  });
});
