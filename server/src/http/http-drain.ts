import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const logger = new Logger('Shutdown');

/**
 * Graceful shutdown of the HTTP server: every request received gets its real
 * answer, no connection outlives the deadline, and the database closes last.
 *
 * Nest's app.close() (on SIGTERM or SIGINT through enableShutdownHooks) runs
 * onModuleDestroy, then beforeApplicationShutdown (this drain), then closes the
 * HTTP server (already closed by then), then onApplicationShutdown, where TypeORM
 * closes the database: so the database stays open until the drain is over.
 *
 * Why Node and Nest alone don't do it: Node's server.close() stops accepting and
 * ends the keep-alive connections idle at that moment, but a connection busy at
 * that moment stays open after its answer and takes the next request, and the
 * next: tabs polling every 2 s kept a closing server serving indefinitely. After
 * close() Node also stops enforcing headersTimeout and requestTimeout, so a
 * client that never finishes its request holds its connection forever. Nest's
 * options don't fit either: forceCloseConnections destroys every socket at once,
 * answers under way included; return503OnClosing refuses with a plain-text 503
 * the requests that arrive on open connections (a message sent just then is
 * lost, not stored), leaves connections whose answers were under way open, and
 * has no deadline.
 *
 * So, while draining: every answer under way or still to come carries
 * `Connection: close` (Node ends the connection once it is sent); a connection
 * that goes idle is closed at once; and at the deadline whatever is left is
 * destroyed. A request that reaches the server during the drain (it was already
 * on an open connection) is still answered in full; only /api/health answers 503
 * (see HealthController), so that a load balancer stops sending here.
 */
@Injectable()
export class HttpDrain implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: Server;
  /**
   * Responses not yet sent in full, by connection, so that a drain can end their
   * connections. A response queued behind another on a pipelining connection
   * never gets the socket, so it emits no 'close' when the connection ends: the
   * connection's own 'close' (one listener per socket) forgets them all.
   */
  private readonly unfinished = new Map<Socket, Set<ServerResponse>>();
  private isDraining = false;
  private drained?: Promise<void>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** True from the moment the shutdown starts. */
  get draining(): boolean {
    return this.isDraining;
  }

  /** How many responses are under way (received, not yet sent in full), on open connections. */
  get underWay(): number {
    let count = 0;
    for (const responses of this.unfinished.values()) count += responses.size;
    return count;
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.server = server;
    // Ahead of Express, so that no answer has started when a request is marked.
    server.prependListener('request', this.onRequest);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }

  /** Runs once; later calls wait for the same drain. */
  drain(): Promise<void> {
    this.drained ??= this.run();
    return this.drained;
  }

  private readonly onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    if (this.isDraining) endConnectionAfter(response);
    const socket = request.socket;
    // Already gone (a request parsed as its connection closed): nothing would release it.
    if (socket.closed) return;
    let responses = this.unfinished.get(socket);
    if (!responses) {
      responses = new Set();
      this.unfinished.set(socket, responses);
      socket.once('close', () => this.unfinished.delete(socket));
    }
    responses.add(response);
    response.once('close', () => {
      responses.delete(response);
      // An answer whose headers had gone out before the drain left its keep-alive
      // connection open: now idle, it is closed (the next tick, once Node has
      // released it).
      if (this.isDraining) setImmediate(() => this.server?.closeIdleConnections());
    });
  };

  private async run(): Promise<void> {
    this.isDraining = true;
    const server = this.server;
    if (!server) return;
    const deadlineMs = this.config.http.shutdownTimeoutMs;
    logger.log(
      `Stopped accepting connections; answering ${this.underWay} request(s) under way (at most ${deadlineMs} ms)`,
    );

    // Stops accepting and closes the idle keep-alive connections; the callback
    // comes once no connection is left.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const responses of this.unfinished.values()) responses.forEach(endConnectionAfter);

    const deadline = new AbortController();
    const inTime = await Promise.race([
      closed.then(() => true),
      sleep(deadlineMs, false, { signal: deadline.signal }).catch(() => false),
    ]);
    deadline.abort();
    if (!inTime) {
      logger.warn(
        `Closing the connections still open after ${deadlineMs} ms (${this.underWay} unanswered request(s))`,
      );
      server.closeAllConnections();
      await closed;
    }
  }
}

/** Node sends `Connection: close` and ends the connection after this response. */
function endConnectionAfter(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('Connection', 'close');
}
