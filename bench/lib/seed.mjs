import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sqlite3 = require('sqlite3');

/** A browser-like API client: keeps its cookies and echoes XSRF-TOKEN as X-XSRF-TOKEN. */
export class ApiClient {
  cookies = new Map();

  constructor(url) {
    this.url = url;
  }

  /** The Cookie header this client sends. */
  get cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method, path, body) {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN'))
      await this.request('GET', '/api/auth/me');
    const headers = { cookie: this.cookieHeader };
    if (method !== 'GET') {
      headers['x-xsrf-token'] = decodeURIComponent(this.cookies.get('XSRF-TOKEN'));
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const text = await response.text();
    if (!response.ok && response.status !== 401) {
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

const PASSWORD = 'benchmark password';

/** The admin (first account), two rooms, and `sessions` logged-in sessions of `users` users. */
export async function seed(url, { sessions, users }) {
  const admin = new ApiClient(url);
  await admin.request('POST', '/api/auth/signup', { username: 'bench-admin', password: PASSWORD });
  const small = (await admin.request('POST', '/api/rooms', { name: 'Small', slug: 'small' })).body
    .room;
  const big = (await admin.request('POST', '/api/rooms', { name: 'Big', slug: 'big' })).body.room;

  const names = Array.from({ length: users }, (_, i) => `bench-user-${i}`);
  await inBatches(names, 8, (username) =>
    new ApiClient(url).request('POST', '/api/auth/signup', { username, password: PASSWORD }),
  );
  const clients = await inBatches(
    Array.from({ length: sessions }, (_, i) => names[i % users]),
    8,
    async (username) => {
      const client = new ApiClient(url);
      await client.request('POST', '/api/auth/login', { username, password: PASSWORD });
      return client;
    },
  );
  return { admin, clients, rooms: { small, big } };
}

async function inBatches(items, size, work) {
  const results = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  }
  return results;
}

/** Inserts `count` messages into a room straight into SQLite: history, in bulk. */
export function insertHistory(databaseFile, { roomId, userId, count }) {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(databaseFile);
    db.configure('busyTimeout', 10_000);
    // Each message takes the room's next seq, as a send does (the schema's triggers
    // check it and move the room's head).
    db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
         head(seq) AS (SELECT lastSeq FROM rooms WHERE id = ?)
       INSERT INTO messages (roomId, userId, content, createdAt, seq, changeSeq)
       SELECT ?, ?, 'history message ' || i, strftime('%Y-%m-%d %H:%M:%f', 'now'),
         head.seq + i, head.seq + i
       FROM n, head ORDER BY i`,
      [count, roomId, roomId, userId],
      (error) => db.close(() => (error ? reject(error) : resolve())),
    );
  });
}
