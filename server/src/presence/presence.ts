import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * Who is online and who is typing: short-lived facts that are never written to
 * the database. One instance keeps them in memory; several share them in Redis
 * (RedisPresence).
 */
export abstract class Presence {
  /** A tab of this user synced just now. */
  abstract seen(username: string): void;
  /** Users with a tab that synced within the presence window, sorted. */
  abstract online(): Promise<readonly string[]>;
  abstract startTyping(roomId: number, username: string): Promise<void>;
  /** When a message is sent, its author is no longer typing it. */
  abstract stopTyping(roomId: number, username: string): void;
  /** Users typing in the room now, but `viewer`, sorted. */
  abstract typing(roomId: number, viewer: string): Promise<string[]>;
}

@Injectable()
export class InMemoryPresence extends Presence {
  private readonly lastSeen = new Map<string, number>();
  private readonly typists = new Map<number, Map<string, number>>();
  /** The online list, rebuilt only when someone arrives or the earliest of them expires. */
  private onlineList: readonly string[] = [];
  private onlineListExpires = 0;
  private readonly presenceWindowMs: number;
  private readonly typingWindowMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.presenceWindowMs = config.presence.onlineWindowMs;
    this.typingWindowMs = config.presence.typingWindowMs;
  }

  seen(username: string): void {
    const arriving = !this.isOnline(username);
    this.lastSeen.set(username, this.now());
    if (arriving) this.onlineListExpires = 0;
  }

  online(): Promise<readonly string[]> {
    return Promise.resolve(this.currentlyOnline());
  }

  startTyping(roomId: number, username: string): Promise<void> {
    let room = this.typists.get(roomId);
    if (!room) this.typists.set(roomId, (room = new Map<string, number>()));
    room.set(username, this.now() + this.typingWindowMs);
    return Promise.resolve();
  }

  stopTyping(roomId: number, username: string): void {
    this.typists.get(roomId)?.delete(username);
  }

  typing(roomId: number, viewer: string): Promise<string[]> {
    return Promise.resolve(this.typingNow(roomId, viewer));
  }

  private currentlyOnline(): readonly string[] {
    const now = this.now();
    if (now < this.onlineListExpires) return this.onlineList;
    let earliest = Infinity;
    for (const [username, seenAt] of this.lastSeen) {
      if (seenAt + this.presenceWindowMs <= now) this.lastSeen.delete(username);
      else earliest = Math.min(earliest, seenAt);
    }
    this.onlineList = [...this.lastSeen.keys()].sort();
    this.onlineListExpires = earliest + this.presenceWindowMs;
    return this.onlineList;
  }

  private typingNow(roomId: number, viewer: string): string[] {
    const room = this.typists.get(roomId);
    if (!room) return [];
    const now = this.now();
    const names: string[] = [];
    for (const [username, until] of room) {
      if (until <= now) room.delete(username);
      else if (username !== viewer) names.push(username);
    }
    if (room.size === 0) this.typists.delete(roomId);
    return names.sort();
  }

  private now(): number {
    return Date.now();
  }

  private isOnline(username: string): boolean {
    const seenAt = this.lastSeen.get(username);
    return seenAt !== undefined && seenAt + this.presenceWindowMs > this.now();
  }
}
