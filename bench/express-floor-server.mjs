// The Express floor: the least a poll can cost on this stack's HTTP and session
// layers. Express and express-session, configured as the project configures them
// (cookie chat.sid, the same secret, mounted under /api), over a store that reads
// the project's sessions table; then the same room lookup, indexed query and JSON
// as bench/floor-server.mjs. No Nest, no passport, no validation, no ORM: the
// project's ratio against it is what those cost on top of Express itself.
import express from 'express';
import session from 'express-session';
import { findRoomId, findSession, messagesAfter, secret } from './lib/floor-database.mjs';

/** express-session store on the sessions table, read-only: an unchanged session is never saved. */
class SessionsTable extends session.Store {
  get(id, callback) {
    findSession(id).then((data) => callback(null, data ?? null), callback);
  }

  set(id, data, callback) {
    callback(new Error('the floor does not write sessions'));
  }

  destroy(id, callback) {
    callback(new Error('the floor does not write sessions'));
  }
}

const app = express();
app.get('/api/health', (req, res) => res.json({ status: 'ok' }));
app.use(
  '/api',
  session({
    name: 'chat.sid',
    secret,
    store: new SessionsTable(),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 14 * 24 * 60 * 60 * 1000 },
  }),
);
app.get('/api/rooms/:slug/messages', async (req, res) => {
  if (!req.session.passport?.user) {
    return res
      .status(401)
      .json({ statusCode: 401, message: 'Log in first', error: 'Unauthorized' });
  }
  const roomId = await findRoomId(req.params.slug);
  if (roomId === undefined) {
    return res.status(404).json({ statusCode: 404, message: 'No room', error: 'Not Found' });
  }
  const after = Number(req.query.after ?? 0);
  res.json({ messages: await messagesAfter(roomId, after) });
});
app.use((req, res) => res.status(404).json({ statusCode: 404, message: 'Not Found' }));
app.use((error, req, res, next) => {
  void next;
  res.status(500).json({ statusCode: 500, message: String(error) });
});
app.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
