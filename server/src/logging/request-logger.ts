import type { Request, Response } from 'express';
import { pino, type DestinationStream } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { requestPath } from './request-path';

/**
 * Express middleware that writes one JSON line per request when its response ends
 * (or its connection closes first): request id, method, path, client address,
 * user id, status code and time taken.
 *
 * Each serializer picks its few fields from the request or response itself, so
 * nothing else can get in: no headers (cookies, X-XSRF-TOKEN, Authorization), no
 * bodies (passwords, message texts), no query strings.
 *
 * The default destination, process.stdout, is where Nest's own log lines go, in
 * order with them; on Linux it writes to files and pipes synchronously, so no
 * line is lost when the process exits.
 */
export function requestLogger(
  destination: DestinationStream = process.stdout,
): HttpLogger<Request, Response> {
  return pinoHttp<Request, Response>(
    {
      timestamp: pino.stdTimeFunctions.isoTime,
      // Our serializers take the raw objects: pino's standard ones copy every header.
      wrapSerializers: false,
      serializers: {
        // Serialized as the request comes in, before passport: see customProps for the user.
        req: (req: Request) => ({
          id: req.id,
          method: req.method,
          path: requestPath(req.originalUrl),
          // As Express computes it: the client's address, behind TRUST_PROXY's proxies.
          ip: req.ip,
        }),
        res: (res: Response) => ({ statusCode: res.statusCode }),
        // pino-http's "failed with status code 5xx", or the connection's error: no stack,
        // which would only point into pino-http.
        err: (err: Error) => ({ type: err.name, message: err.message }),
      },
      // 4xx are the clients' doing (an expired session's polls answer 401): not errors.
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      genReqId: (req, res) => {
        const id = requestIdFor(req.headers['x-request-id']);
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      // Asked again when the response ends, after passport has set req.user (or a login has).
      customProps: (req) => (req.user ? { userId: req.user.id } : {}),
    },
    destination,
  );
}
