import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { ApiClient } from './api-client';

export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 connection driven by hand: requests written byte by byte if need
 * be (partial headers, a slow body), responses parsed as they arrive, and the
 * moment the server closes the connection observed. For what an HTTP client
 * library hides: keep-alive reuse, timeouts, a shutdown's effect on each socket.
 */
export class RawConnection {
  /** Settles when the server (or anyone) closes the connection. */
  readonly closed: Promise<void>;
  /** Bytes received and not yet taken as a response. */
  private buffer = Buffer.alloc(0);
  private isClosed = false;
  private wake?: () => void;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    // A reset (the server destroying the socket) is one way of being closed.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Bytes received that are not (yet) a whole response. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /**
   * The next whole response; undefined if the connection closes first (then no
   * byte of a response may have arrived: half an answer is an error).
   */
  async response(): Promise<RawResponse | undefined> {
    for (;;) {
      const parsed = this.takeResponse();
      if (parsed) return parsed;
      if (this.isClosed) {
        if (this.buffer.length > 0) {
          throw new Error(`Connection closed mid-response: ${this.buffer.toString('latin1')}`);
        }
        return undefined;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private takeResponse(): RawResponse | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    const length = headers['content-length'];
    if (headers['transfer-encoding']) throw new Error('Chunked responses are not parsed here');
    // Without a length, the body runs to the end of the connection.
    if (length === undefined && !this.isClosed) return undefined;
    const bodyEnd = length === undefined ? this.buffer.length : end + 4 + Number(length);
    if (this.buffer.length < bodyEnd) return undefined;
    const body = this.buffer.subarray(end + 4, bodyEnd).toString('utf8');
    this.buffer = this.buffer.subarray(bodyEnd);
    return { status, headers, body };
  }
}

/** The text of a request; `body` (JSON) sets Content-Type and Content-Length. */
export function requestText(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): string {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string> = { Host: '127.0.0.1', ...options.headers };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The headers that make a raw request come from this logged-in client (cookie, CSRF token). */
export function clientHeaders(client: ApiClient): Record<string, string> {
  if (!client.sessionCookie || !client.csrfToken) throw new Error('The client is not logged in');
  return { Cookie: client.sessionCookie, 'X-XSRF-TOKEN': client.csrfToken };
}

/** Resolves with `value` after `ms` (a timer that keeps nothing alive): for races. */
export function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

/** Waits until `condition()` holds, checking every 10 ms, for at most `ms`. */
export async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Records the server's side of each connection opened from now on, to tell
 * when the server has read from one: a partial request is then under way there
 * (Node no longer counts the connection as idle).
 */
export function watchConnections(server: Server): {
  hasRead(connection: RawConnection): Promise<void>;
} {
  const sockets = new Map<number | undefined, Socket>();
  server.on('connection', (socket: Socket) => sockets.set(socket.remotePort, socket));
  return {
    hasRead: (connection) =>
      waitFor(() => (sockets.get(connection.socket.localPort)?.bytesRead ?? 0) > 0),
  };
}
