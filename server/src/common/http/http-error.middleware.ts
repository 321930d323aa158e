import { HttpException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  isDatabaseUnavailable,
  sendDatabaseUnavailable,
} from '../../database/database-unavailable';

/**
 * Renders errors raised by Express middleware before Nest's router (an unparsable
 * or oversized body, a session store that can't reach the database, Nest's own
 * cross-site check) in Nest's `{statusCode, message, error}` shape.
 */
export function httpErrorMiddleware(
  error: HttpException | { status?: number; expose?: boolean; message?: string },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (res.headersSent) return next(error);
  if (isDatabaseUnavailable(error)) {
    sendDatabaseUnavailable(res);
    return;
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    res.status(error.getStatus()).json(typeof body === 'string' ? { message: body } : body);
    return;
  }
  const status = error.status && error.status >= 400 && error.status < 600 ? error.status : 500;
  const message = error.expose && error.message ? error.message : 'Internal server error';
  res.status(status).json({ statusCode: status, message, error: statusText(status) });
}

function statusText(status: number): string {
  const name = HttpStatus[status] ?? 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
