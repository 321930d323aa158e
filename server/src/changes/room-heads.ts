import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { singleFlight } from '../common/single-flight';
import { byRoomName } from '../rooms/room-order';
import { ChangeSignals } from './change-signals';

export interface RoomHead {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** The seq of the room's latest change. */
  lastSeq: number;
}

/**
 * On a database that other instances share, how often every head is read again:
 * the most a head can lag behind a write whose signal was lost.
 */
const SHARED_HEADS_RELOAD_MS = 3000;

/**
 * Every room's head, in memory: a poll with nothing new is answered from here,
 * without touching the messages table. Loaded at start, then kept by the change
 * signals of every write, which are published after commit; so a head may lag a
 * commit by a moment (that poll then sees it next time), never run ahead of it.
 */
@Injectable()
export class RoomHeads implements OnModuleInit, OnModuleDestroy {
  private readonly heads = new Map<number, RoomHead>();
  private sorted: RoomHead[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    signals: ChangeSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    signals.subscribe((signal) => {
      if (signal.kind === 'room-advanced') this.advance(signal.roomId, signal.seq);
      if (signal.kind === 'room-created') this.add({ ...signal.room });
      if (signal.kind === 'resync') void this.reloadQuietly();
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    if (this.config.databaseUrl) {
      this.timer = setInterval(() => void this.reloadQuietly(), SHARED_HEADS_RELOAD_MS);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * A reload for timers and signals: one at a time, so that on a slow database they
   * don't pile up on the pool; a failed one (the database away) is tried at the next.
   */
  private readonly reloadQuietly = singleFlight(() => this.reload().catch(() => undefined));

  /**
   * Reads every head from the database again (heads only move forward), at most
   * once a second: for when a client knows of more than this instance does, before
   * calling it a mismatch. (A made-up cursor can't make every poll read the table.)
   */
  async refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.refreshedAt < 1000) return;
    this.refreshedAt = now;
    await this.reload();
  }

  private refreshedAt = 0;

  private async reload(): Promise<void> {
    const rooms: { id: number; slug: string; name: string; lastSeq: number }[] =
      await this.dataSource.query(`SELECT id, slug, name, "lastSeq" FROM rooms`);
    for (const room of rooms) {
      const id = Number(room.id);
      this.add({ id, slug: room.slug, name: room.name, lastSeq: Number(room.lastSeq) });
      this.advance(id, Number(room.lastSeq));
    }
  }

  /** By name as people read it ("apple" before "Zebra"). */
  all(): readonly RoomHead[] {
    return this.sorted;
  }

  get(roomId: number): RoomHead | undefined {
    return this.heads.get(roomId);
  }

  private advance(roomId: number, seq: number): void {
    const head = this.heads.get(roomId);
    // Signals of one room may arrive out of order: a head only moves forward.
    if (head && seq > head.lastSeq) head.lastSeq = seq;
  }

  private add(room: RoomHead): void {
    if (this.heads.has(room.id)) return;
    this.heads.set(room.id, room);
    // Rooms are few and listed on every sync: sorted once, when one is added.
    this.sorted = [...this.heads.values()].sort(byRoomName);
  }
}
