import request from 'supertest';
import type { Response, Test } from 'supertest';
import type { ApiClient } from './api-client';

/** The raw Set-Cookie headers of a response (possibly none). */
export function setCookieHeaders(response: Response): string[] {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []);
}

/** The Set-Cookie header for one cookie name, or undefined when the response did not set it. */
export function findSetCookie(response: Response, name: string): string | undefined {
  return setCookieHeaders(response).find((header) => header.startsWith(`${name}=`));
}

/** The value a Set-Cookie header gives its cookie, URL-decoded. */
export function cookieValue(setCookie: string): string {
  const pair = setCookie.split(';')[0];
  return decodeURIComponent(pair.slice(pair.indexOf('=') + 1));
}

/**
 * The express-session id inside a "chat.sid=s%3A<id>.<signature>" cookie: the
 * primary key of its row in the `sessions` table.
 */
export function sessionIdOf(sessionCookie: string): string {
  const signed = cookieValue(sessionCookie);
  if (!signed.startsWith('s:')) throw new Error(`Not a signed session cookie: ${sessionCookie}`);
  return signed.slice(2, signed.lastIndexOf('.'));
}

/**
 * A POST outside the client's agent, carrying its session cookie and CSRF
 * header: for bodies ApiClient cannot send (malformed JSON, raw strings).
 */
export function rawPost(client: ApiClient, path: string): Test {
  const pending = request(client.baseUrl).post(path);
  if (client.sessionCookie) pending.set('Cookie', client.sessionCookie);
  if (client.csrfToken) pending.set('X-XSRF-TOKEN', client.csrfToken);
  return pending;
}
