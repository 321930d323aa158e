import { jsonOf, sendRaw, setCookiesOf } from './raw-http';
import type { RawResponse } from './raw-http';

/** The cookie Angular's HttpClient reads the CSRF token from (README: CSRF). */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'X-XSRF-TOKEN';

/** A browser's cookies for one site: name → value as the server set it (still encoded). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  get names(): string[] {
    return [...this.cookies.keys()];
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The Cookie header a browser would send, or undefined with no cookies. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Takes the Set-Cookie headers of a response, dropping the cookies they expire. */
  absorb(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, setting = ''] = attribute.split('=').map((part) => part.trim());
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.toLowerCase() === 'expires') return new Date(setting).getTime() <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  clear(): void {
    this.cookies.clear();
  }
}

export type IdentityName = 'anonymous' | 'user' | 'admin';
export const IDENTITY_NAMES: readonly IdentityName[] = ['anonymous', 'user', 'admin'];

export interface Credentials {
  username: string;
  password: string;
}

/**
 * Someone the sweep sends requests as: a cookie jar, and for a user the
 * credentials to log back in with. Its own requests (setup, restore) go through
 * `call`, which keeps the jar; the sweep's generated requests use the jar but
 * never change it, so a refused or odd answer can't corrupt the identity.
 */
export class SweepIdentity {
  readonly jar = new CookieJar();

  constructor(
    readonly name: IdentityName,
    private readonly baseUrl: string,
    readonly credentials?: Credentials,
  ) {}

  /** The token to echo in X-XSRF-TOKEN: the XSRF-TOKEN cookie, decoded. */
  get csrfToken(): string | undefined {
    const value = this.jar.get(XSRF_COOKIE);
    return value === undefined ? undefined : decodeURIComponent(value);
  }

  /** A request as a browser would send it: the jar's cookies, the token echoed, JSON. */
  async call(method: string, path: string, body?: unknown): Promise<RawResponse> {
    const headers: [string, string][] = [];
    const cookie = this.jar.header();
    if (cookie) headers.push(['Cookie', cookie]);
    if (this.csrfToken !== undefined) headers.push([XSRF_HEADER, this.csrfToken]);
    if (body !== undefined) headers.push(['Content-Type', 'application/json']);
    const response = await sendRaw(this.baseUrl, {
      method,
      path,
      headers,
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    });
    this.jar.absorb(setCookiesOf(response));
    return response;
  }

  /** Signs the identity up (a user) or fetches its visitor's token (anonymous). */
  async start(): Promise<void> {
    await this.call('GET', '/api/auth/me');
    if (!this.credentials) return;
    const response = await this.call('POST', '/api/auth/signup', this.credentials);
    if (response.status !== 201) throw new Error(this.failure('sign up', response));
  }

  /**
   * Brings the identity back to what it should be after a generated request that
   * may have changed it: logged out (logout 204), logged in as someone else (a
   * generated login or sign-up that succeeded), or given a new token. Anonymous
   * stays a visitor with a token; a user is logged in as itself with its token.
   */
  async restore(): Promise<void> {
    const me = await this.call('GET', '/api/auth/me');
    const who =
      me.status === 200 ? (jsonOf(me) as { user?: Credentials }).user?.username : undefined;
    const asItself = this.credentials
      ? me.status === 200 && who === this.credentials.username
      : me.status === 401;
    if (asItself && this.csrfToken !== undefined) return;
    this.jar.clear();
    const fresh = await this.call('GET', '/api/auth/me');
    if (fresh.status !== 401 || this.csrfToken === undefined) {
      throw new Error(this.failure('get a visitor token', fresh));
    }
    if (!this.credentials) return;
    const login = await this.call('POST', '/api/auth/login', this.credentials);
    if (login.status !== 200) throw new Error(this.failure('log back in', login));
  }

  private failure(what: string, response: RawResponse): string {
    return `The sweep's ${this.name} could not ${what}: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`;
  }
}
