import request from 'supertest';
import type { Response } from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, inProcess } from './helpers/test-target';
import { loadAppConfig } from '../src/config/app-config';
import { Session } from '../src/database/session.entity';
import { Message } from '../src/messages/message.entity';
import { Room } from '../src/rooms/room.entity';
import { User } from '../src/users/user.entity';
import { ApiClient, uniqueName } from './helpers/api-client';
import { rawPost, setCookieHeaders } from './helpers/cookies';
import { closeDatabase, startTestApp, stopTestApp, TestApp } from './helpers/test-app';

function expectJsonError(response: Response, statusCode: number, error: string): void {
  expect(response.status).toBe(statusCode);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toEqual({ statusCode, message: expect.any(String), error });
}

describe('platform', () => {
  let testApp: TestApp;
  let admin: ApiClient;
  const roomSlug = 'platform';

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = new ApiClient(testApp.url);
    expect((await admin.signup(uniqueName('admin'))).body.user.isAdmin).toBe(true);
    expect((await admin.post('/api/rooms', { name: 'Platform', slug: roomSlug })).status).toBe(201);
  });
  afterAll(() => stopTestApp(testApp));

  const users = () => testApp.dataSource.getRepository(User);
  const rooms = () => testApp.dataSource.getRepository(Room);
  const messages = () => testApp.dataSource.getRepository(Message);
  const sessions = () => testApp.dataSource.getRepository(Session);

  describe('GET /api/health', () => {
    it('answers 200 {status: "ok"} without a session, and creates none', async () => {
      const before = await sessions().count();
      const response = await request(testApp.url).get('/api/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(HEALTHY);
      expect(setCookieHeaders(response)).toEqual([]);
      expect(await sessions().count()).toBe(before);
    });
  });

  describe('API documentation', () => {
    it('serves the Swagger UI at /api/docs', async () => {
      const response = await request(testApp.url).get('/api/docs');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toMatch(/swagger-ui/i);
      // Its scripts are same-origin files (the CSP allows only 'self'), and they are served.
      const scripts = [...response.text.matchAll(/<script src="([^"]+)"/g)].map(
        (match) => match[1],
      );
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        const path = new URL(src, `${testApp.url}/api/docs`).pathname;
        expect(path, src).toMatch(/^\/api\/docs\//);
        expect((await request(testApp.url).get(path)).status, path).toBe(200);
      }
    });

    it('serves the OpenAPI document at /api/docs-json, with the routes and DTO schemas', async () => {
      const response = await request(testApp.url).get('/api/docs-json');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const document = response.body;
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/auth/signup',
          '/api/auth/login',
          '/api/rooms',
          '/api/rooms/{slug}/messages',
        ]),
      );
      expect(document.paths['/api/auth/signup']).toHaveProperty('post');
      expect(document.paths['/api/rooms/{slug}/messages']).toHaveProperty('get');
      expect(document.paths['/api/rooms/{slug}/messages']).toHaveProperty('post');
      // Every operation documents the header naming the user the page shows.
      const parameters = document.paths['/api/sync'].get.parameters as {
        name: string;
        in: string;
      }[];
      expect(parameters).toContainEqual(
        expect.objectContaining({ name: 'X-Chat-User', in: 'header', required: false }),
      );
      const signup = document.components.schemas.SignupDto;
      expect(Object.keys(signup.properties).sort()).toEqual(['password', 'username']);
      expect(signup.properties.username).toMatchObject({
        type: 'string',
        minLength: 3,
        maxLength: 32,
      });
      expect(signup.required).toEqual(expect.arrayContaining(['username', 'password']));
    });
  });

  describe('unknown API paths', () => {
    it('answer GET with 404 JSON', async () => {
      const response = await request(testApp.url).get('/api/no-such-thing');
      expectJsonError(response, 404, 'Not Found');
    });

    it('answer GET on a nested unknown path with 404 JSON, even with a session', async () => {
      expectJsonError(await admin.get('/api/rooms/platform/nope/deeper'), 404, 'Not Found');
    });

    it('answer POST (with a valid CSRF token) with 404 JSON and store nothing', async () => {
      const before = await messages().count();
      const response = await admin.post('/api/no-such-thing', { content: 'x' });
      expectJsonError(response, 404, 'Not Found');
      expect(await messages().count()).toBe(before);
    });
  });

  describe('request bodies', () => {
    it('refuses a JSON body over 64 kB with 413 JSON and stores nothing', async () => {
      const before = await messages().count();
      const response = await admin.post(`/api/rooms/${roomSlug}/messages`, {
        content: 'x'.repeat(70 * 1024),
      });
      expectJsonError(response, 413, 'Payload Too Large');
      expect(await messages().count()).toBe(before);
    });

    it('refuses an oversized sign-up with 413 and creates no user', async () => {
      const before = await users().count();
      const response = await new ApiClient(testApp.url).post('/api/auth/signup', {
        username: uniqueName('big'),
        password: 'correct horse 1',
        padding: 'p'.repeat(70 * 1024),
      });
      expectJsonError(response, 413, 'Payload Too Large');
      expect(await users().count()).toBe(before);
    });

    it('reads a body just under 64 kB (then validation refuses it with 400)', async () => {
      const before = await messages().count();
      const response = await admin.post(`/api/rooms/${roomSlug}/messages`, {
        content: 'x'.repeat(60 * 1024),
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        message: ['content must be shorter than or equal to 4000 characters'],
        error: 'Bad Request',
      });
      expect(await messages().count()).toBe(before);
    });

    it('refuses malformed JSON with 400 JSON and stores nothing', async () => {
      const before = await rooms().count();
      const response = await rawPost(admin, '/api/rooms')
        .set('Content-Type', 'application/json')
        .send('{"name": "Broken", "slug":');
      expectJsonError(response, 400, 'Bad Request');
      expect(await rooms().count()).toBe(before);
    });

    it('refuses malformed JSON on login with 400 JSON', async () => {
      const client = new ApiClient(testApp.url);
      await client.get('/api/auth/me');
      const response = await rawPost(client, '/api/auth/login')
        .set('Content-Type', 'application/json')
        .send("{username: 'x'}");
      expectJsonError(response, 400, 'Bad Request');
    });
  });

  describe('security headers', () => {
    it.each(['/api/health', '/api/auth/me', '/api/no-such-thing'])(
      'are set on %s',
      async (path) => {
        const response = await request(testApp.url).get(path);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['x-powered-by']).toBeUndefined();
        const csp = response.headers['content-security-policy'];
        expect(csp).toMatch(/default-src 'self'/);
        expect(csp).toMatch(/frame-ancestors 'self'/);
        expect(csp).not.toMatch(/upgrade-insecure-requests/);
      },
    );
  });
});

describe('auth rate limits (default configuration)', () => {
  let testApp: TestApp | undefined;
  const limit = 20;

  const start = async () => {
    testApp = await startTestApp({ env: { AUTH_RATE_LIMIT: String(limit) } });
    return testApp;
  };
  afterEach(async () => {
    await stopTestApp(testApp);
    testApp = undefined;
  });

  it('uses the default limit of 20 a minute', () => {
    expect(loadAppConfig({}).authRateLimit).toEqual({ limit, windowMs: 60_000 });
  });

  function expectTooManyRequests(response: Response): void {
    expect(response.status).toBe(429);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.body).toMatchObject({
      statusCode: 429,
      message: 'Too many attempts: wait a minute and try again',
    });
  }

  // 22 password hashes: give a slow machine time (well inside the 60 s window).
  it(
    'lets 20 logins through, refuses the 21st with 429 even with the right password, counts signup apart',
    { timeout: 50_000 },
    async () => {
      const app = await start();
      const username = uniqueName('limited');
      // One sign-up (counted on the sign-up route, not on login).
      expect((await new ApiClient(app.url).signup(username, 'the right password')).status).toBe(
        201,
      );

      const client = new ApiClient(app.url);
      for (let attempt = 1; attempt <= limit; attempt += 1) {
        const response = await client.login(username, `wrong password ${attempt}`);
        expect(response.status, `attempt ${attempt}`).toBe(401);
      }
      const blocked = await client.login(username, 'the right password');
      expectTooManyRequests(blocked);
      expect((await client.get('/api/auth/me')).status).toBe(401);

      // Another client from the same address is refused as well: the count is per address.
      expectTooManyRequests(await new ApiClient(app.url).login(username, 'the right password'));

      // Sign-up has its own count.
      const other = uniqueName('stillok');
      const signup = await client.signup(other);
      expect(signup.status).toBe(201);
      expect(await app.dataSource.getRepository(User).existsBy({ username: other })).toBe(true);
    },
  );

  it('limits sign-up at 20 attempts whatever their outcome, and leaves login its own count', async () => {
    const app = await start();
    const client = new ApiClient(app.url);
    const users = app.dataSource.getRepository(User);
    const taken = uniqueName('taken');

    const outcomes: number[] = [];
    outcomes.push((await client.signup(taken, 'the right password')).status); // 201
    outcomes.push((await client.signup(taken)).status); // 409
    for (let attempt = 3; attempt <= limit; attempt += 1) {
      outcomes.push(
        (await client.post('/api/auth/signup', { username: 'x', password: '1' })).status,
      );
    }
    expect(outcomes).toEqual([201, 409, ...Array(limit - 2).fill(400)]);

    const before = await users.count();
    const refused = uniqueName('refused');
    expectTooManyRequests(await client.signup(refused));
    expect(await users.count()).toBe(before);
    expect(await users.existsBy({ username: refused })).toBe(false);

    // Login is counted apart.
    expect((await new ApiClient(app.url).login(taken, 'the right password')).status).toBe(200);
  });
});

describe('GET /api/health without a database', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => stopTestApp(testApp));

  // Destroys the app's own DataSource, in the test process.
  it.skipIf(!inProcess)('answers 503 JSON once the DataSource is destroyed', async () => {
    expect((await request(testApp.url).get('/api/health')).status).toBe(200);
    await closeDatabase(testApp);
    const response = await request(testApp.url).get('/api/health');
    expectJsonError(response, 503, 'Service Unavailable');
    expect(setCookieHeaders(response)).toEqual([]);
  });
});
