import type { NextFunction, Request, Response } from 'express';
import type { CsrfTokens } from './csrf-tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Load-balancer probes carry no cookies and need no token. */
const HEALTH_PATH = /^\/health\/?$/i; // mounted under /api

/**
 * Issues a token to any request whose cookie does not hold a valid one for its
 * identity, then refuses state-changing requests that don't echo it: 403, nothing done.
 */
export function csrfMiddleware(tokens: CsrfTokens) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!HEALTH_PATH.test(req.path) && !tokens.isIssued(req)) tokens.issue(req, res);
    if (SAFE_METHODS.has(req.method) || tokens.isEchoed(req)) {
      next();
      return;
    }
    res
      .status(403)
      .json({ statusCode: 403, message: 'Missing or invalid CSRF token', error: 'Forbidden' });
  };
}
