import request from 'supertest';
import type { Response } from 'supertest';

/**
 * A browser-like client: keeps its cookies (session and XSRF-TOKEN) and echoes
 * the XSRF-TOKEN cookie in the X-XSRF-TOKEN header, as Angular's HttpClient does.
 */
export class ApiClient {
  private readonly agent: ReturnType<typeof request.agent>;
  private xsrfToken?: string;
  private cookies: string[] = [];
  /** Sent with every request, as the app's interceptor sends X-Chat-User. */
  readonly headers: Record<string, string> = {};

  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }

  async get(path: string): Promise<Response> {
    return this.remember(await this.agent.get(path).set(this.headers));
  }

  /** A POST echoing the XSRF token; the first one fetches the token, as the app's first GET would. */
  async post(path: string, body?: unknown): Promise<Response> {
    if (!this.xsrfToken) await this.get('/api/auth/me');
    return this.postWithToken(path, this.xsrfToken, body);
  }

  async patch(path: string, body?: unknown): Promise<Response> {
    if (!this.xsrfToken) await this.get('/api/auth/me');
    const pending = this.agent
      .patch(path)
      .set(this.headers)
      .set('X-XSRF-TOKEN', this.xsrfToken ?? '');
    return this.remember(await pending.send(body as object));
  }

  async delete(path: string): Promise<Response> {
    if (!this.xsrfToken) await this.get('/api/auth/me');
    return this.remember(
      await this.agent
        .delete(path)
        .set(this.headers)
        .set('X-XSRF-TOKEN', this.xsrfToken ?? ''),
    );
  }

  /** A request without the XSRF header, or with a chosen value for it. */
  async postWithToken(path: string, token: string | undefined, body?: unknown): Promise<Response> {
    const pending = this.agent.post(path).set(this.headers);
    if (token !== undefined) pending.set('X-XSRF-TOKEN', token);
    return this.remember(await pending.send(body as object));
  }

  get csrfToken(): string | undefined {
    return this.xsrfToken;
  }

  /** The session cookie as the browser holds it ("chat.sid=..."), or undefined. */
  get sessionCookie(): string | undefined {
    return this.cookies.find((cookie) => cookie.startsWith('chat.sid='));
  }

  private remember(response: Response): Response {
    const setCookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    for (const header of setCookies) {
      const pair = header.split(';')[0];
      const name = pair.split('=')[0];
      this.cookies = [...this.cookies.filter((cookie) => !cookie.startsWith(`${name}=`)), pair];
      if (name === 'XSRF-TOKEN') this.xsrfToken = decodeURIComponent(pair.slice(name.length + 1));
    }
    return response;
  }

  async signup(username: string, password = 'correct horse 1'): Promise<Response> {
    return this.post('/api/auth/signup', { username, password });
  }

  async login(username: string, password = 'correct horse 1'): Promise<Response> {
    return this.post('/api/auth/login', { username, password });
  }
}

let counter = 0;

/** A username no other test in this run uses. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${process.pid % 1000}_${counter}`;
}
