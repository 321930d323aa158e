import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';

/** Angular HttpClient's built-in names: it echoes this cookie in this header. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Load-balancer probes carry no cookies; a session for each would only fill the table. */
const HEALTH_PATH = /^\/health\/?$/i; // mounted under /api
/** A visitor who never logs in needs the token only to log in: their session goes in a day. */
const ANONYMOUS_SESSION_MS = 24 * 60 * 60 * 1000;

// Synchronizer tokens: the token lives in the session, so it is bound to it and
// dies with it (login, logout). csrf-sync compares; we decide when to issue.
const { generateToken, getTokenFromState, isRequestValid } = csrfSync({
  getTokenFromRequest: (req) => req.get(XSRF_HEADER),
  size: 32,
});

/** Sets the script-readable cookie holding the session's token (made if it has none). */
export function issueCsrfToken(req: Request, res: Response): void {
  if (!req.isAuthenticated()) req.session.cookie.maxAge = ANONYMOUS_SESSION_MS;
  const token = generateToken(req);
  res.cookie(XSRF_COOKIE, token, {
    path: '/',
    sameSite: 'lax',
    secure: req.secure,
    httpOnly: false,
  });
}

/**
 * Issues a token to any request whose cookie does not hold the session's current
 * one, then refuses state-changing requests that don't echo it: 403, nothing done.
 */
export function csrfMiddleware(req: Request, res: Response, next: NextFunction): void {
  const cookies = req.cookies as Record<string, string | undefined>;
  const current = getTokenFromState(req);
  if (!HEALTH_PATH.test(req.path) && (!current || cookies[XSRF_COOKIE] !== current)) {
    issueCsrfToken(req, res);
  }
  if (SAFE_METHODS.has(req.method) || isRequestValid(req)) {
    next();
    return;
  }
  res
    .status(403)
    .json({ statusCode: 403, message: 'Missing or invalid CSRF token', error: 'Forbidden' });
}
