import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * What a request id from outside may look like: a short token (nginx's $request_id
 * is 32 hex digits, a UUID fits too). Anything else (long, with spaces or line
 * breaks, or the header sent twice, which Node joins with ", ") could forge or
 * flood log lines, so it is replaced.
 */
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The id a proxy in front gave the request, when it is sane; else a new one. */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}
