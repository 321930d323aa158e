import express from 'express';
import { MemoryStore } from 'express-session';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SESSION_PATH, sessionMiddleware } from './session-policy';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A bare Express app with the session middleware as configureApp mounts it. */
function appWithSessions() {
  const store = new MemoryStore();
  const app = express();
  app.set('trust proxy', true);
  app.use(SESSION_PATH, sessionMiddleware('a test secret of at least 32 characters', store));
  app.get('/api/visit', (req, res) => {
    res.json({ hasSession: req.session !== undefined });
  });
  app.post('/api/login', (req, res) => {
    (req.session as unknown as Record<string, unknown>).user = 1;
    res.status(204).end();
  });
  app.get('/page', (req, res) => {
    res.json({ hasSession: req.session !== undefined });
  });
  const rows = () =>
    new Promise<number>((resolve) => store.length((_, count) => resolve(count ?? 0)));
  return { app, rows };
}

describe('session policy', () => {
  it('gives a visitor no cookie and no stored session', async () => {
    const { app, rows } = appWithSessions();
    const response = await request(app).get('/api/visit');
    expect(response.body).toEqual({ hasSession: true });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await rows()).toBe(0);
  });

  it('saves a changed session under chat.sid: HttpOnly, SameSite=Lax, two weeks, Path=/', async () => {
    const { app, rows } = appWithSessions();
    const response = await request(app).post('/api/login');
    const [cookie] = response.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^chat\.sid=s%3A/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/;/);
    expect(cookie).not.toMatch(/; Secure/);
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]).getTime();
    expect(Math.abs(expires - Date.now() - 14 * DAY_MS)).toBeLessThan(60_000);
    expect(await rows()).toBe(1);
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const { app } = appWithSessions();
    const response = await request(app).post('/api/login').set('X-Forwarded-Proto', 'https');
    const [cookie] = response.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/; Secure/);
  });

  it('gives no session outside the API', async () => {
    const { app } = appWithSessions();
    const response = await request(app).get('/page');
    expect(response.body).toEqual({ hasSession: false });
  });
});
