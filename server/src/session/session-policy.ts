import type { RequestHandler } from 'express';
import session, { type CookieOptions, type Store } from 'express-session';

/**
 * The session's rules in one place: its cookie, how long it lasts and which
 * requests get one. configureApp mounts `sessionMiddleware` on SESSION_PATH; the
 * OpenAPI document names SESSION_COOKIE.
 */

/** The cookie that carries the session id (signed with the session secret). */
export const SESSION_COOKIE = 'chat.sid';

/**
 * Two weeks from sign-up or login, for the cookie and the stored session alike:
 * both are written only when the session changes, never per request (the store
 * has no `touch`), so a session does not slide forward with use.
 */
export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/** Only the API has sessions: the app's static files and pages need none. */
export const SESSION_PATH = '/api';

export const SESSION_COOKIE_OPTIONS: Readonly<CookieOptions> = {
  // Out of reach of the page's scripts; sent on top-level navigations from other
  // sites but not on their cross-site requests; Secure whenever the request came
  // over HTTPS (behind a proxy: TRUST_PROXY).
  httpOnly: true,
  sameSite: 'lax',
  secure: 'auto',
  maxAge: SESSION_LIFETIME_MS,
};

/**
 * express-session under these rules. A visitor who has not logged in gets no
 * session and costs no row: only sign-up and login save one.
 */
export function sessionMiddleware(secret: string, store: Store): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { ...SESSION_COOKIE_OPTIONS },
  });
}
