// The floor: the least a poll can cost on this stack's database driver. Plain
// node:http over the same SQLite file: parse the cookie, check its signature,
// look the session up, look the room up, run the same indexed query, answer
// the same JSON. No framework, no ORM: the benchmark's ratio against it is what
// the project's stack costs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { findRoomId, findSession, messagesAfter, secret } from './lib/floor-database.mjs';

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
    const session = id && (await findSession(id));
    if (!session?.passport?.user) {
      return send(res, 401, { statusCode: 401, message: 'Log in first', error: 'Unauthorized' });
    }
    const roomId = await findRoomId(decodeURIComponent(match[1]));
    if (roomId === undefined) {
      return send(res, 404, { statusCode: 404, message: 'No room', error: 'Not Found' });
    }
    const after = Number(url.searchParams.get('after') ?? 0);
    send(res, 200, { messages: await messagesAfter(roomId, after) });
  } catch (error) {
    send(res, 500, { statusCode: 500, message: String(error) });
  }
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
