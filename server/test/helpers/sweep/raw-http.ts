import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** A request sent byte for byte as given: no encoding, normalising or header merging. */
export interface RawRequest {
  method: string;
  /** The request target, sent as is: percent-encode what should be encoded. */
  path: string;
  /** In order; a name may repeat. Values are byte strings: one character per byte (latin1). */
  headers: [string, string][];
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Sends one request on a fresh connection (no keep-alive: a connection the server
 * closed after an error can't fail the next request) and reads the whole answer.
 * Rejects when there is no complete answer within `timeoutMs`.
 */
export function sendRaw(
  baseUrl: string,
  raw: RawRequest,
  timeoutMs = 15_000,
): Promise<RawResponse> {
  const { host, hostname, port } = new URL(baseUrl);
  // Given as a list, headers go out exactly so: Node adds neither Host nor Content-Length.
  const headers: [string, string][] = [['Host', host], ...raw.headers];
  if (raw.body !== undefined) headers.push(['Content-Length', String(raw.body.length)]);
  return new Promise((resolve, reject) => {
    const pending = request(
      {
        host: hostname,
        port,
        method: raw.method,
        path: raw.path,
        headers: headers.flat(),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    pending.setTimeout(timeoutMs, () =>
      pending.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    pending.on('error', reject);
    pending.end(raw.body);
  });
}

/** The Set-Cookie headers of a response (possibly none). */
export function setCookiesOf(response: RawResponse): string[] {
  return response.headers['set-cookie'] ?? [];
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function jsonOf(response: RawResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}
