import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/** Redis answers in well under a millisecond; two seconds without one is a fault. */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * The instance's connections to Redis: one for commands, whose keys all carry the
 * deployment's prefix, and one for subscriptions (a subscribed connection can run
 * nothing else). A command waits for a connection being re-made for one retry,
 * then fails: the request answers 503 rather than hanging (see isDatabaseUnavailable).
 */
export class RedisConnections implements OnApplicationShutdown {
  readonly commands: Redis;
  readonly subscriber: Redis;
  private readonly logger = new Logger('Redis');

  constructor(
    url: string,
    /** Before every key and channel, so deployments may share one Redis. */
    readonly prefix: string,
  ) {
    this.commands = new Redis(url, {
      keyPrefix: prefix,
      maxRetriesPerRequest: 1,
      // A Redis that is connected but silent (paused, overloaded, cut off without a
      // reset) fails a command after this, rather than holding every request.
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 5000,
      lazyConnect: true,
    });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const [name, connection] of Object.entries({
      commands: this.commands,
      subscriber: this.subscriber,
    })) {
      // ioredis reconnects by itself; without a listener an error would crash the process.
      connection.on('error', (error: Error) => this.logger.warn(`${name}: ${error.message}`));
    }
  }

  /** Connects both, failing the start-up when Redis can't be reached. */
  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
  }

  /** A channel's full name (channels are not prefixed by ioredis, keys are). */
  channel(name: string): string {
    return `${this.prefix}${name}`;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
  }
}
