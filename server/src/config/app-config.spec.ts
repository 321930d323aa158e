import express from 'express';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMaxConnections } from '../http/connection-limit';
import { InvalidConfigError, loadAppConfig } from './app-config';

const DURATION_VARIABLES = [
  'AUTH_RATE_WINDOW_MS',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'SHUTDOWN_TIMEOUT_MS',
];

function configError(env: NodeJS.ProcessEnv): InvalidConfigError {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return error as InvalidConfigError;
  }
  throw new Error(`loadAppConfig accepted ${JSON.stringify(env)}`);
}

describe('loadAppConfig', () => {
  it('has defaults for everything', () => {
    const dataDir = resolve('./data');
    expect(loadAppConfig({})).toEqual({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      dataDir,
      databaseFile: resolve(dataDir, 'chat.sqlite'),
      databaseUrl: undefined,
      redis: undefined,
      // Where `npm run build` puts the client, relative to the compiled config module.
      clientDir: resolve(__dirname, '../../client/browser'),
      sessionSecret: undefined,
      trustProxy: false,
      authRateLimit: { limit: 20, windowMs: 60_000 },
      sendRateLimit: { limit: 20, windowMs: 10_000 },
      presence: { onlineWindowMs: 30_000, typingWindowMs: 6_000 },
      http: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 20_000,
        keepAliveTimeoutMs: 10_000,
        maxConnections: defaultMaxConnections(),
        shutdownTimeoutMs: 10_000,
      },
      logRequests: false,
    });
  });

  it('reads every variable', () => {
    const secret = 's'.repeat(32);
    const config = loadAppConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/chat',
      SESSION_SECRET: secret,
      TRUST_PROXY: '1',
      AUTH_RATE_LIMIT: '5',
      AUTH_RATE_WINDOW_MS: '30000',
      CLIENT_DIR: '/srv/chat/client',
      HTTP_HEADERS_TIMEOUT_MS: '5000',
      HTTP_REQUEST_TIMEOUT_MS: '15000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      HTTP_MAX_CONNECTIONS: '500',
      SHUTDOWN_TIMEOUT_MS: '0',
      SEND_RATE_LIMIT: '3',
      SEND_RATE_WINDOW_MS: '2000',
      ONLINE_WINDOW_MS: '45000',
      TYPING_WINDOW_MS: '4000',
      DATABASE_URL: 'postgres://chat:pw@db.internal:5432/chat',
      REDIS_URL: 'redis://cache.internal:6379/2',
      REDIS_PREFIX: 'chat-eu:',
      LOG_REQUESTS: 'false',
    });
    expect(config).toEqual({
      env: 'production',
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/chat',
      databaseFile: '/var/lib/chat/chat.sqlite',
      databaseUrl: 'postgres://chat:pw@db.internal:5432/chat',
      redis: { url: 'redis://cache.internal:6379/2', prefix: 'chat-eu:' },
      clientDir: '/srv/chat/client',
      sessionSecret: secret,
      trustProxy: 1,
      authRateLimit: { limit: 5, windowMs: 30_000 },
      sendRateLimit: { limit: 3, windowMs: 2000 },
      presence: { onlineWindowMs: 45_000, typingWindowMs: 4000 },
      http: {
        headersTimeoutMs: 5000,
        requestTimeoutMs: 15_000,
        keepAliveTimeoutMs: 65_000,
        maxConnections: 500,
        shutdownTimeoutMs: 0,
      },
      logRequests: false,
    });
  });

  it('treats empty strings as unset', () => {
    const empty = {
      NODE_ENV: '',
      PORT: '',
      HOST: '',
      DATA_DIR: '',
      SESSION_SECRET: '',
      TRUST_PROXY: '',
      AUTH_RATE_LIMIT: '',
      AUTH_RATE_WINDOW_MS: '',
      SEND_RATE_LIMIT: '',
      SEND_RATE_WINDOW_MS: '',
      ONLINE_WINDOW_MS: '',
      TYPING_WINDOW_MS: '',
      HTTP_HEADERS_TIMEOUT_MS: '',
      HTTP_REQUEST_TIMEOUT_MS: '',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '',
      HTTP_MAX_CONNECTIONS: '',
      SHUTDOWN_TIMEOUT_MS: '',
      DATABASE_URL: '',
      REDIS_URL: '',
      REDIS_PREFIX: '',
      LOG_REQUESTS: '',
    };
    expect(loadAppConfig(empty)).toEqual(loadAppConfig({}));
  });

  it('ignores variables it does not know', () => {
    expect(loadAppConfig({ PATH: '/usr/bin', HOME: '/root', FOO: 'x' })).toEqual(loadAppConfig({}));
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('parses TRUST_PROXY=%j as %j', (value, expected) => {
    expect(loadAppConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    'loopback',
    '10.0.0.1',
    '10.0.0.0/8,192.168.1.0/255.255.255.0',
    ' uniquelocal , linklocal, ::1, fe80::/10 ',
  ])('accepts TRUST_PROXY=%j, as Express does', (value) => {
    const { trustProxy } = loadAppConfig({ TRUST_PROXY: value });
    expect(trustProxy).toBe(value);
    expect(() => express().set('trust proxy', trustProxy)).not.toThrow();
  });

  it.each(['garbage!', 'loopback,', 'localhost', '10.0.0.0/33', '300.0.0.1', '1.5', '-1'])(
    'refuses TRUST_PROXY=%j, which Express would throw on at start, naming it',
    (value) => {
      expect(configError({ TRUST_PROXY: value }).message).toBe(
        'Invalid configuration:\n' +
          '  TRUST_PROXY: TRUST_PROXY must be true, false, a hop count, or a comma-separated list of ' +
          'IP addresses, subnets (10.0.0.0/8) and the names loopback, linklocal and uniquelocal',
      );
    },
  );

  it.each(DURATION_VARIABLES)(
    'refuses %s beyond a day, before Node turns it into a 1 ms timer',
    (variable) => {
      for (const value of ['86400001', '3000000000', '1'.repeat(30)]) {
        // (A headers timeout that high also puts the default request timeout below it.)
        expect(configError({ [variable]: value }).message.split('\n')).toContain(
          `  ${variable}: ${variable} must not be greater than 86400000`,
        );
      }
    },
  );

  it('accepts a day for every duration', () => {
    const day = '86400000';
    const config = loadAppConfig(Object.fromEntries(DURATION_VARIABLES.map((name) => [name, day])));
    expect(config.authRateLimit.windowMs).toBe(86_400_000);
    expect(config.http).toMatchObject({
      headersTimeoutMs: 86_400_000,
      requestTimeoutMs: 86_400_000,
      keepAliveTimeoutMs: 86_400_000,
      shutdownTimeoutMs: 86_400_000,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['SESSION_SECRET', 'too short'],
    ['SESSION_SECRET', 'x'.repeat(31)],
    ['NODE_ENV', 'staging'],
    ['AUTH_RATE_LIMIT', '0'],
    ['AUTH_RATE_WINDOW_MS', '999'],
    ['HTTP_HEADERS_TIMEOUT_MS', '999'],
    ['HTTP_HEADERS_TIMEOUT_MS', '10s'],
    ['HTTP_REQUEST_TIMEOUT_MS', '999'],
    ['HTTP_REQUEST_TIMEOUT_MS', '9999'], // below the headers timeout (10000)
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '500'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '-1'],
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['HTTP_MAX_CONNECTIONS', 'many'],
    ['SHUTDOWN_TIMEOUT_MS', '-1'],
    ['SHUTDOWN_TIMEOUT_MS', '1.5'],
    ['DATABASE_URL', 'mysql://root@localhost/chat'],
    ['DATABASE_URL', 'chat.sqlite'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_PREFIX', 'has space'],
    ['REDIS_PREFIX', 'x'.repeat(65)],
    ['LOG_REQUESTS', 'yes'],
    ['LOG_REQUESTS', '1'],
  ])('refuses %s=%j with an InvalidConfigError that names it', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.name).toBe('InvalidConfigError');
    expect(error.message).toContain(variable);
  });

  it.each([
    [{}, false],
    [{ NODE_ENV: 'test' }, false],
    [{ NODE_ENV: 'production' }, true],
    [{ NODE_ENV: 'production', LOG_REQUESTS: 'false' }, false],
    [{ NODE_ENV: 'development', LOG_REQUESTS: 'true' }, true],
  ])('logs requests by default in production only: %j gives %j', (env, expected) => {
    expect(loadAppConfig(env).logRequests).toBe(expected);
  });

  it('names every bad variable in one error', () => {
    const error = configError({ PORT: 'abc', NODE_ENV: 'staging', SESSION_SECRET: 'short' });
    for (const variable of ['PORT', 'NODE_ENV', 'SESSION_SECRET']) {
      expect(error.message).toContain(variable);
    }
    expect(error.message).not.toContain('HOST');
  });

  it('wants SESSION_SECRET with DATABASE_URL: instances sharing a database share sessions', () => {
    const error = configError({ DATABASE_URL: 'postgres://localhost/chat' });
    expect(error.name).toBe('InvalidConfigError');
    expect(error.message).toMatch(/SESSION_SECRET must be set when DATABASE_URL is/);
    const secret = 'x'.repeat(32);
    const config = loadAppConfig({
      DATABASE_URL: 'postgres://localhost/chat',
      SESSION_SECRET: secret,
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://localhost/chat',
      sessionSecret: secret,
    });
  });

  it('accepts a SESSION_SECRET of exactly 32 characters and PORT=65535', () => {
    const config = loadAppConfig({ SESSION_SECRET: 'x'.repeat(32), PORT: '65535' });
    expect(config.sessionSecret).toBe('x'.repeat(32));
    expect(config.port).toBe(65535);
  });

  describe('HTTP limits', () => {
    it('wants the request timeout at least the headers timeout, which Node requires', () => {
      const error = configError({
        HTTP_HEADERS_TIMEOUT_MS: '30000',
        HTTP_REQUEST_TIMEOUT_MS: '20000',
      });
      expect(error.message).toBe(
        'Invalid configuration:\n' +
          '  HTTP_REQUEST_TIMEOUT_MS: HTTP_REQUEST_TIMEOUT_MS must not be less than HTTP_HEADERS_TIMEOUT_MS (30000)',
      );
      const equal = loadAppConfig({
        HTTP_HEADERS_TIMEOUT_MS: '20000',
        HTTP_REQUEST_TIMEOUT_MS: '20000',
      });
      expect(equal.http.requestTimeoutMs).toBe(20_000);
    });

    it('gives one message per bad variable, even when one bound depends on another', () => {
      const error = configError({
        HTTP_HEADERS_TIMEOUT_MS: 'soon',
        HTTP_REQUEST_TIMEOUT_MS: '5',
        HTTP_MAX_CONNECTIONS: '0',
      });
      const lines = error.message.split('\n').slice(1);
      expect(lines).toHaveLength(3);
      expect(lines.map((line) => line.trim().split(':')[0]).sort()).toEqual([
        'HTTP_HEADERS_TIMEOUT_MS',
        'HTTP_MAX_CONNECTIONS',
        'HTTP_REQUEST_TIMEOUT_MS',
      ]);
    });
  });
});
