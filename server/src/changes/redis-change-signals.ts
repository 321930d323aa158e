import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisConnections } from '../redis/redis-connections';
import { ChangeSignal, InProcessChangeSignals } from './change-signals';

const CHANNEL = 'changes';

/**
 * Change signals shared by every instance over Redis pub/sub: a write's signal
 * reaches this instance's listeners at once and the others' a moment later.
 * Pub/sub delivers at most once: what is published while a subscriber is
 * reconnecting, or that fails to publish, is lost. So a reconnection is a
 * `resync` (the views reload from the database), and on a shared database the
 * views are read again periodically besides: heads every 3 s, read positions
 * every 30 s, admins every 5 s.
 */
@Injectable()
export class RedisChangeSignals
  extends InProcessChangeSignals
  implements OnModuleInit, OnApplicationShutdown
{
  /** Tells this instance's own messages apart when they come back from the channel. */
  private readonly origin = randomUUID();
  private readonly logger = new Logger('ChangeSignals');
  private readonly channel: string;
  private subscribed = false;

  constructor(private readonly redis: RedisConnections) {
    super();
    this.channel = redis.channel(CHANNEL);
  }

  async onModuleInit(): Promise<void> {
    const { subscriber } = this.redis;
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.received(text);
    });
    // ioredis subscribes again by itself after a reconnection; what came meanwhile is gone.
    subscriber.on('ready', () => {
      if (this.subscribed) this.deliver({ kind: 'resync' });
    });
    await subscriber.subscribe(this.channel);
    this.subscribed = true;
  }

  override publish(signal: ChangeSignal): void {
    this.deliver(signal);
    if (signal.kind === 'resync') return;
    this.redis.commands
      .publish(this.channel, JSON.stringify({ origin: this.origin, signal }))
      .catch((error: Error) =>
        this.logger.warn(
          `Not published (${error.message}): other instances catch up at their reloads`,
        ),
      );
  }

  onApplicationShutdown(): void {
    this.subscribed = false;
  }

  private received(text: string): void {
    try {
      const { origin, signal } = JSON.parse(text) as { origin: string; signal: ChangeSignal };
      if (origin !== this.origin) this.deliver(signal);
    } catch {
      this.logger.warn('Ignored a message on the changes channel that is not a signal');
    }
  }
}
