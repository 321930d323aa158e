import { Logger, type NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer, type RequestListener } from 'node:http';
import type { HttpServerConfig } from '../config/app-config';

/** At most one warning this often while connections are being refused at the cap. */
const DROP_WARNING_EVERY_MS = 10_000;
const logger = new Logger('HttpServer');

/**
 * Nest's HTTP layer for this app: Express on a Node server created with the
 * configured timeouts and connection cap. main.ts and the API tests both pass
 * it to NestFactory.create, so the tests run the production server settings.
 */
export function createHttpAdapter(settings: HttpServerConfig): ExpressAdapter {
  return new ConfiguredExpressAdapter(settings);
}

/**
 * How often Node looks for requests past headersTimeout or requestTimeout. Its
 * default is 30 s and it can only be set when the server is created: with it, a
 * 10 s headers timeout would cut a slow client anywhere between 10 s and 40 s.
 * A quarter of the headers timeout, at most a second, makes the cut prompt; each
 * check walks only the connections with a request under way.
 */
export function connectionsCheckingInterval(settings: HttpServerConfig): number {
  return Math.max(1, Math.min(1000, Math.floor(settings.headersTimeoutMs / 4)));
}

class ConfiguredExpressAdapter extends ExpressAdapter {
  private lastDropWarning = 0;

  constructor(private readonly settings: HttpServerConfig) {
    super();
  }

  /**
   * Nest's own version calls `http.createServer(app)` with Node's defaults
   * (headers 60 s, whole request 300 s, checked every 30 s; no connection cap)
   * and offers no way to pass options, so this one creates the server itself.
   */
  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.forceCloseConnections || options.return503OnClosing) {
      // HTTPS belongs to the proxy in front; shutdown is HttpDrain's (see http-drain.ts).
      throw new Error('httpsOptions, forceCloseConnections and return503OnClosing are not used');
    }
    const { settings } = this;
    const server = createServer(
      {
        headersTimeout: settings.headersTimeoutMs,
        requestTimeout: settings.requestTimeoutMs,
        keepAliveTimeout: settings.keepAliveTimeoutMs,
        connectionsCheckingInterval: connectionsCheckingInterval(settings),
      },
      this.getInstance<RequestListener>(),
    );
    // A connection on which no byte moves either way for this long is destroyed.
    // Neither request timeout covers a client that sent its requests and stops
    // reading the answers (pipelined requests for a large one hold the connection
    // forever), nor does the keep-alive timeout (an answer is under way). The
    // request timeout is the bound: a request waiting for the database (at most
    // its 5 s busy timeout) moves no byte for less than that; an idle keep-alive
    // connection is still ended by keepAliveTimeout, which Node sets in its place.
    server.timeout = settings.requestTimeoutMs;
    // Beyond the cap Node closes new connections at once ('drop'), so that a flood
    // of them can't use up the file descriptors the database and the rest need.
    server.maxConnections = settings.maxConnections;
    server.on('drop', () => {
      const now = Date.now();
      if (now - this.lastDropWarning < DROP_WARNING_EVERY_MS) return;
      this.lastDropWarning = now;
      logger.warn(
        `Refusing connections: ${settings.maxConnections} are open (HTTP_MAX_CONNECTIONS)`,
      );
    });
    this.setHttpServer(server);
  }
}
