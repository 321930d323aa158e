import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { ServerResponse } from 'node:http';
import { basename } from 'node:path';

/** Angular's output names carry a content hash ("chunk-USO3FXOO.js"): safe to cache for good. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(js|css)$/;
/** What scripts/precompress.mjs writes next to a file: its gzip and brotli variants. */
const COMPRESSED_VARIANT = /\.(gz|br)$/;
/** The API's paths, which the app never answers (as Nest's router, case-insensitive). */
const API_PATH = /^\/api(\/|$)/i;

/** Cache-Control by file name; a variant (main-X.js.br) is cached as its original. */
export function cacheHeaders(res: ServerResponse, path: string): void {
  const name = basename(path).replace(COMPRESSED_VARIANT, '');
  if (name === 'index.html') res.setHeader('Cache-Control', 'no-cache');
  else if (HASHED_FILE.test(name))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'public, max-age=3600');
}

/**
 * The built client's files, each as its brotli or gzip variant when the request accepts
 * one (express-static-gzip negotiates, Vary: Accept-Encoding included), and index.html for
 * every other GET/HEAD path outside /api, so that deep links (/rooms/general) survive a
 * reload. A path that climbs out of the folder is refused (serve-static's 403).
 */
export function serveClient(clientDir: string): RequestHandler {
  // Lists the .br/.gz files once, now: a new build is seen after a restart (as index.html is).
  const files = expressStaticGzip(clientDir, {
    enableBrotli: true,
    // Brotli when both are accepted (q > 0): the smaller file, whatever the client's order.
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      cacheControl: false,
      setHeaders: cacheHeaders,
      // Errors come back here: a missing file gets the app, an escaping path its 403.
      fallthrough: false,
    },
  }) as RequestHandler;

  const sendIndex = (req: Request, res: Response, next: NextFunction): void => {
    const url = req.url;
    req.url = '/index.html';
    files(req, res, (error?: unknown) => {
      req.url = url;
      next(error);
    });
  };

  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATH.test(req.path)) return next();
    if (!isDecodable(req.path))
      return next(new BadRequestException(`Failed to decode ${req.path}`));
    // "/" and "/rooms/" name folders, never a file of the build.
    if (req.path.endsWith('/')) return sendIndex(req, res, next);
    files(req, res, (error?: unknown) => {
      if (!isNotFound(error) || res.headersSent) return next(error);
      // The variant chosen for a file that vanished since startup must not label the next answer.
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      // A file the build does not have (an old chunk after a deploy) is a 404: the app's
      // page in its place would fail as a script with a confusing type error.
      if (FILE_NAME.test(req.path)) return next(new NotFoundException(`No file ${req.path}`));
      sendIndex(req, res, next);
    });
  };
}

/** A path whose last part has an extension names a file; the app's addresses never do. */
const FILE_NAME = /\.[A-Za-z0-9]+$/;

function isNotFound(error: unknown): boolean {
  return (error as { status?: unknown } | undefined)?.status === 404;
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
