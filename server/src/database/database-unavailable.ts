import type { Response } from 'express';

/** Seconds a client is told to wait before trying again when the database is busy or away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Error codes that mean "the database can't answer now", not "this request is
 * wrong": a lock held too long, a connection lost or refused, a server shutting
 * down. The same request may well succeed in a moment, so they are 503, not 500.
 */
const UNAVAILABLE_CODES = new Set([
  // SQLite: locked by another process past the busy timeout, file unreadable, closed.
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_MISUSE',
  // PostgreSQL: lock timeout, serialization or deadlock, shutting down, out of resources.
  '55P03',
  // A statement cancelled at statement_timeout: the database too slow to answer now.
  '57014',
  '40001',
  '40P01',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // The network between the server and the database.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
/**
 * TypeORM's own word that it has no connection (never opened, or closed), and
 * ioredis's that Redis did not answer while it reconnected (REDIS_URL: rate limits,
 * presence), which is as much a reason to try again in a moment.
 */
const NOT_CONNECTED = new Set([
  'ConnectionIsNotSetError',
  'CannotExecuteNotConnectedError',
  'MaxRetriesPerRequestError',
]);
/**
 * The same said only in a message, with no code or class of its own: TypeORM's
 * PostgreSQL driver once its pool is closed, and pg's pool itself once ended.
 */
const NOT_CONNECTED_MESSAGES = new Set([
  'Driver not Connected',
  'Cannot use a pool after calling end on the pool',
  // ioredis, on a connection that was closed, and on one that did not answer in time.
  'Connection is closed.',
  'Command timed out',
]);
/** PostgreSQL's connection-exception class (08xxx) and insufficient resources (53xxx). */
const UNAVAILABLE_CLASSES = /^(08|53)[0-9A-Z]{3}$/;

/** Whether an error says the database is busy or unreachable (see UNAVAILABLE_CODES). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message, driverError } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    driverError?: unknown;
  };
  if (typeof name === 'string' && NOT_CONNECTED.has(name)) return true;
  if (typeof message === 'string' && NOT_CONNECTED_MESSAGES.has(message)) return true;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.test(code))) {
    return true;
  }
  return driverError !== undefined && driverError !== error && isDatabaseUnavailable(driverError);
}

/**
 * Answers 503 in the API's error shape with Retry-After: for the Nest filter and
 * for the Express error middleware (the session store runs before Nest's routes).
 */
export function sendDatabaseUnavailable(res: Response): void {
  res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json({
    statusCode: 503,
    message: 'The database is busy or unavailable: try again in a few seconds',
    error: 'Service Unavailable',
  });
}
