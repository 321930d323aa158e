// The floor: the least a poll can cost on this stack's database driver. Plain
// node:http over the same SQLite file: parse the cookie, check its signature,
// look the session up, look the room up, run the same indexed query, answer
// the same JSON. No framework, no ORM: the benchmark's ratio against it is what
// the project's stack costs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const sqlite3 = require('sqlite3');

const dataDir = process.env.DATA_DIR;
const secret = readFileSync(join(dataDir, 'session-secret'), 'utf8').trim();
const db = new sqlite3.Database(join(dataDir, 'chat.sqlite'), sqlite3.OPEN_READONLY);
db.configure('busyTimeout', 5000);

const sessionQuery = db.prepare('SELECT data FROM sessions WHERE id = ? AND expiresAt > ?');
const roomQuery = db.prepare('SELECT id FROM rooms WHERE slug = ?');
const messagesQuery = db.prepare(
  `SELECT m.id, m.content, m.createdAt, u.username FROM messages m
   INNER JOIN users u ON u.id = m.userId
   WHERE m.roomId = ? AND m.id > ? ORDER BY m.id ASC LIMIT 100`,
);

const get = (statement, params) =>
  new Promise((resolve, reject) =>
    statement.get(params, (error, row) => (error ? reject(error) : resolve(row))),
  );
const all = (statement, params) =>
  new Promise((resolve, reject) =>
    statement.all(params, (error, rows) => (error ? reject(error) : resolve(rows))),
  );

/** express-session's cookie: "s:<id>.<base64 HMAC-SHA256 of id>", URL-encoded. */
function sessionId(cookieHeader) {
  const match = /(?:^|;\s*)chat\.sid=([^;]+)/.exec(cookieHeader ?? '');
  if (!match) return null;
  const value = decodeURIComponent(match[1]);
  if (!value.startsWith('s:')) return null;
  const dot = value.lastIndexOf('.');
  const id = value.slice(2, dot);
  const expected = Buffer.from(
    createHmac('sha256', secret).update(id).digest('base64').replace(/=+$/, ''),
  );
  const given = Buffer.from(value.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/api/health') return send(res, 200, { status: 'ok' });
    const match = /^\/api\/rooms\/([^/]+)\/messages$/.exec(url.pathname);
    if (!match) return send(res, 404, { statusCode: 404, message: 'Not Found' });
    const id = sessionId(req.headers.cookie);
    const session = id && (await get(sessionQuery, [id, Date.now()]));
    if (!session || !JSON.parse(session.data).passport?.user) {
      return send(res, 401, { statusCode: 401, message: 'Log in first', error: 'Unauthorized' });
    }
    const room = await get(roomQuery, [decodeURIComponent(match[1])]);
    if (!room) return send(res, 404, { statusCode: 404, message: 'No room', error: 'Not Found' });
    const rows = await all(messagesQuery, [room.id, Number(url.searchParams.get('after') ?? 0)]);
    const messages = rows.map((row) => {
      const createdAt = new Date(`${row.createdAt.replace(' ', 'T')}Z`).toISOString();
      return {
        id: row.id,
        content: row.content,
        username: row.username,
        date: createdAt.slice(11, 19),
        createdAt,
      };
    });
    send(res, 200, { messages });
  } catch (error) {
    send(res, 500, { statusCode: 500, message: String(error) });
  }
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
