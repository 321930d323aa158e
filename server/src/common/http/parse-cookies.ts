import { parse } from 'cookie';
import type { NextFunction, Request, Response } from 'express';

/**
 * `req.cookies` as plain strings. Not cookie-parser: it turns `j:`-prefixed values
 * into JSON, and express-session then calls string methods on, say, the number in
 * `chat.sid=j:1` (a 500 on every route). express-session reads its own cookie.
 */
export function parseCookies(req: Request, _res: Response, next: NextFunction): void {
  req.cookies = req.headers.cookie ? parse(req.headers.cookie) : {};
  next();
}
