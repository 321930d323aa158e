import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisConnections } from '../redis/redis-connections';
import { Presence } from './presence';

/**
 * How long an instance reuses the online list it read (it is the same for every
 * user): one Redis read a second, not one per sync. So someone arriving through
 * another instance is listed here within a second, or a quarter of a short window.
 */
const ONLINE_LIST_REUSE_MS = 1000;

/**
 * Presence shared by every instance in Redis: sorted sets scored with times
 * (`online`: when each user was last seen; `typing:<roomId>`: until when each
 * user types), which expire as a whole once nobody renews them. Times are the
 * instances' clocks, which a deployment keeps in step (NTP) anyway.
 */
@Injectable()
export class RedisPresence extends Presence {
  private readonly onlineWindowMs: number;
  private readonly typingWindowMs: number;
  /** When this instance last wrote each user's presence: a write is needed only now and then. */
  private readonly written = new Map<string, number>();
  private onlineList: readonly string[] = [];
  private onlineListExpires = 0;
  private pendingList?: Promise<readonly string[]>;

  constructor(
    private readonly redis: RedisConnections,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.onlineWindowMs = config.presence.onlineWindowMs;
    this.typingWindowMs = config.presence.typingWindowMs;
  }

  seen(username: string): void {
    const now = Date.now();
    // A quarter of the window between writes keeps the user listed with room to spare.
    if ((this.written.get(username) ?? 0) > now - this.onlineWindowMs / 4) return;
    this.written.set(username, now);
    if (!this.onlineList.includes(username)) this.onlineListExpires = 0;
    this.redis.commands
      .multi()
      .zadd('online', now, username)
      .pexpire('online', this.onlineWindowMs)
      .exec()
      .catch(() => this.written.delete(username));
    if (this.written.size > 10_000) this.forgetOldWrites(now);
  }

  /** The list last read, while Redis does not answer: a poll goes on without news of it. */
  online(): Promise<readonly string[]> {
    if (Date.now() < this.onlineListExpires) return Promise.resolve(this.onlineList);
    this.pendingList ??= this.readOnline()
      .catch(() => this.onlineList)
      .finally(() => (this.pendingList = undefined));
    return this.pendingList;
  }

  async startTyping(roomId: number, username: string): Promise<void> {
    const key = `typing:${roomId}`;
    await this.redis.commands
      .multi()
      .zadd(key, Date.now() + this.typingWindowMs, username)
      .pexpire(key, this.typingWindowMs)
      .exec();
  }

  stopTyping(roomId: number, username: string): void {
    this.redis.commands.zrem(`typing:${roomId}`, username).catch(() => undefined);
  }

  /** Nobody, while Redis does not answer: a poll goes on without who is typing. */
  async typing(roomId: number, viewer: string): Promise<string[]> {
    const names = await this.redis.commands
      .zrangebyscore(`typing:${roomId}`, `(${Date.now()}`, '+inf')
      .catch(() => [] as string[]);
    return names.filter((name) => name !== viewer).sort();
  }

  private async readOnline(): Promise<readonly string[]> {
    const now = Date.now();
    const since = now - this.onlineWindowMs;
    const [[, names]] = (await this.redis.commands
      .multi()
      .zrangebyscore('online', `(${since}`, '+inf')
      .zremrangebyscore('online', '-inf', since)
      .exec()) as [[Error | null, string[]], unknown];
    this.onlineList = [...names].sort();
    this.onlineListExpires = now + Math.min(ONLINE_LIST_REUSE_MS, this.onlineWindowMs / 4);
    return this.onlineList;
  }

  private forgetOldWrites(now: number): void {
    for (const [username, at] of this.written) {
      if (at <= now - this.onlineWindowMs) this.written.delete(username);
    }
  }
}
