/**
 * One browser's cookies (session and XSRF-TOKEN) used against several addresses:
 * the instances of a cluster, reached directly, as a balancer would send one
 * user's requests to any of them. Writes echo the XSRF token, as Angular does.
 */
export class BrowserSession {
  private readonly cookies = new Map<string, string>();

  async request(
    baseUrl: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: ReturnType<typeof JSON.parse>; headers: Headers }> {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN')) {
      await this.request(baseUrl, 'GET', '/api/auth/me');
    }
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (method !== 'GET')
      headers['x-xsrf-token'] = decodeURIComponent(this.cookies.get('XSRF-TOKEN') ?? '');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      this.cookies.set(name, pair.slice(name.length + 1));
    }
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
    };
  }

  get(baseUrl: string, path: string) {
    return this.request(baseUrl, 'GET', path);
  }

  post(baseUrl: string, path: string, body?: unknown) {
    return this.request(baseUrl, 'POST', path, body);
  }
}
