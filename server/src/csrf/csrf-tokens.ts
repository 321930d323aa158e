import { Inject, Injectable } from '@nestjs/common';
import { doubleCsrf } from 'csrf-csrf';
import { csrfSync } from 'csrf-sync';
import type { Request, Response } from 'express';
import { SESSION_SECRET } from '../config/config.module';

/** Angular HttpClient's built-in names: it echoes this cookie in this header. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

const tokenFromHeader = (req: Request) => req.get(XSRF_HEADER);

/**
 * The CSRF token of a request, in one of two kinds, both carried in the same
 * script-readable XSRF-TOKEN cookie and echoed in the X-XSRF-TOKEN header:
 *
 * - A logged-in user gets a synchronizer token (csrf-sync), kept in the session
 *   row: bound to that session, gone with it at logout.
 * - A visitor has no session and must cost no storage, so they get a signed
 *   double-submit token (csrf-csrf): an HMAC under the server's secret, checked
 *   by recomputing it, valid only when the header repeats the cookie. It guards
 *   login and sign-up, whose success starts a session and so a synchronizer token.
 */
@Injectable()
export class CsrfTokens {
  private readonly session = csrfSync({ getTokenFromRequest: tokenFromHeader, size: 32 });
  private readonly visitor: ReturnType<typeof doubleCsrf>;

  constructor(@Inject(SESSION_SECRET) secret: string) {
    this.visitor = doubleCsrf({
      getSecret: () => secret,
      // A visitor has nothing stable to bind to: the token proves it was made here.
      getSessionIdentifier: () => '',
      cookieName: XSRF_COOKIE,
      getCsrfTokenFromRequest: tokenFromHeader,
      size: 32,
    });
  }

  /** Whether the XSRF-TOKEN cookie already holds a token valid for this request's identity. */
  isIssued(req: Request): boolean {
    if (req.isAuthenticated()) {
      const current = this.session.getTokenFromState(req);
      return current !== undefined && cookiesOf(req)[XSRF_COOKIE] === current;
    }
    return this.visitorCookieIsValid(cookiesOf(req)[XSRF_COOKIE]);
  }

  /** Whether a state-changing request echoes its token. */
  isEchoed(req: Request): boolean {
    return req.isAuthenticated()
      ? this.session.isRequestValid(req)
      : this.visitor.validateRequest(req);
  }

  /** Sets the cookie to a new token for this request's identity (the session's, if logged in). */
  issue(req: Request, res: Response): void {
    const cookieOptions = {
      path: '/',
      sameSite: 'lax',
      secure: req.secure,
      httpOnly: false,
    } as const;
    if (req.isAuthenticated()) {
      res.cookie(XSRF_COOKIE, this.session.generateToken(req), cookieOptions);
    } else {
      this.visitor.generateCsrfToken(req, res, { cookieOptions, overwrite: true });
    }
  }

  /** Checks the signature alone: csrf-csrf's check of a request that echoes this cookie. */
  private visitorCookieIsValid(token: string | undefined): boolean {
    if (!token) return false;
    const echoing = { cookies: { [XSRF_COOKIE]: token }, get: () => token };
    return this.visitor.validateRequest(echoing as unknown as Request);
  }
}

function cookiesOf(req: Request): Record<string, string | undefined> {
  return (req.cookies ?? {}) as Record<string, string | undefined>;
}
