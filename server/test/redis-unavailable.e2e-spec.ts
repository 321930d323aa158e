import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, uniqueName } from './helpers/api-client';
import { freePort } from './helpers/free-port';
import { startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { testTarget } from './helpers/test-target';

const hasRedisServer = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

/**
 * Redis going away under a running instance (REDIS_URL) and coming back: a private
 * redis-server the test stops and starts again on the same port.
 */
describe.skipIf(!hasRedisServer || testTarget !== 'sqlite')('Redis unavailable', () => {
  let testApp: TestApp;
  let redis: ChildProcess | undefined;
  let port: number;
  let user: ApiClient;

  async function startRedis(): Promise<void> {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    for (let tries = 0; tries < 100; tries += 1) {
      if (
        spawnSync('redis-cli', ['-p', String(port), 'ping'])
          .stdout?.toString()
          .includes('PONG')
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start');
  }

  async function stopRedis(): Promise<void> {
    const running = redis;
    redis = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise((resolve) => {
      running.once('exit', resolve);
      running.kill('SIGKILL');
    });
  }

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    testApp = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    user = new ApiClient(testApp.url);
    expect((await user.signup(uniqueName('redis'))).status).toBe(201);
  });
  afterAll(async () => {
    await stopTestApp(testApp);
    await stopRedis();
  });

  it('reports Redis in health, answers 503 (never 500) while it is away, and recovers', async () => {
    expect((await user.get('/api/health')).body).toEqual({
      status: 'ok',
      database: 'ok',
      redis: 'ok',
    });
    expect((await user.get('/api/sync')).status).toBe(200);

    await stopRedis();
    const health = await user.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.message).toBe('Redis does not answer');
    expect(health.headers['retry-after']).toBeDefined();
    // A poll goes on without presence (the online list last read, nobody typing).
    const sync = await user.get('/api/sync');
    expect(sync.status).toBe(200);
    // A login is counted against the limit in Redis: without it, no login.
    const login = await new ApiClient(testApp.url).login('nobody', 'wrong password 1');
    expect(login.status).toBe(503);

    await startRedis();
    await expect
      .poll(async () => (await user.get('/api/health')).status, { timeout: 10_000, interval: 200 })
      .toBe(200);
    expect((await user.get('/api/sync')).status).toBe(200);
  });

  it('answers while Redis is connected but silent, rather than waiting for it', async () => {
    const pauseMs = 8000;
    spawnSync('redis-cli', ['-p', String(port), 'CLIENT', 'PAUSE', String(pauseMs), 'ALL']);
    const started = Date.now();
    const [sync, login] = await Promise.all([
      user.get('/api/sync'),
      new ApiClient(testApp.url).login('nobody', 'wrong password 1'),
    ]);
    // Answered well before the pause ends: a command gives up after 2 s.
    expect(Date.now() - started).toBeLessThan(pauseMs - 2000);
    expect(sync.status).toBe(200);
    expect(login.status).toBe(503);
    spawnSync('redis-cli', ['-p', String(port), 'CLIENT', 'UNPAUSE']);
  });
});
