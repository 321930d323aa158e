// What both floors (bench/floor-server.mjs, bench/express-floor-server.mjs) do with
// the database, so that they differ only in the HTTP and session stack around it:
// the same driver, the same three statements, each compiled once, the same JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const sqlite3 = require('sqlite3');

const dataDir = process.env.DATA_DIR;

/** The project's session secret (generated into DATA_DIR on its first start). */
export const secret = readFileSync(join(dataDir, 'session-secret'), 'utf8').trim();

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

/** The stored session (express-session's JSON, parsed) of a live session id, or undefined. */
export async function findSession(id) {
  const row = await get(sessionQuery, [id, Date.now()]);
  return row && JSON.parse(row.data);
}

/** The room's id, or undefined. */
export async function findRoomId(slug) {
  return (await get(roomQuery, [slug]))?.id;
}

/** The poll's answer: the room's messages after `after`, oldest first, at most 100. */
export async function messagesAfter(roomId, after) {
  const rows = await all(messagesQuery, [roomId, after]);
  return rows.map((row) => {
    const createdAt = new Date(`${row.createdAt.replace(' ', 'T')}Z`).toISOString();
    return {
      id: row.id,
      content: row.content,
      username: row.username,
      date: createdAt.slice(11, 19),
      createdAt,
    };
  });
}
