import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChangeSignals } from '../changes/change-signals';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PreparedSql, prepareSql } from '../database/prepared-sql';

/** On a shared database, how long a user's cached positions are trusted. */
const SHARED_READS_RELOAD_MS = 30_000;

/**
 * Each user's read position per room (`room_reads.readSeq`): everything up to it
 * is read. Stored, and cached per user once asked for (every sync needs them);
 * the cache follows the `read-moved` signals, so every tab of a user sees a read
 * made in one of them on its next poll. A room with no row was created after the
 * user signed up: nothing in it is read yet.
 *
 * On a database that other instances share, the cache is also dropped every 30 s:
 * a signal another instance failed to publish (Redis away for a moment, or no Redis)
 * leaves a user's counts behind for that long at most.
 */
@Injectable()
export class ReadPositions implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly cache = new Map<number, Map<number, number>>();
  /** Positions being loaded: signals that arrive meanwhile are kept here too. */
  private readonly loading = new Map<number, Map<number, number>>();
  private readonly loadRows: PreparedSql<{ roomId: number; readSeq: number }>;
  private readonly storeForward: PreparedSql<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signals: ChangeSignals,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loadRows = prepareSql<{ roomId: number; readSeq: number }>(
      dataSource,
      `SELECT "roomId", "readSeq" FROM room_reads WHERE "userId" = :userId`,
    );
    this.storeForward = prepareSql(
      dataSource,
      `INSERT INTO room_reads ("userId", "roomId", "readSeq") VALUES (:userId, :roomId, :seq)
       ON CONFLICT ("userId", "roomId") DO UPDATE SET "readSeq" = excluded."readSeq"
       WHERE room_reads."readSeq" < excluded."readSeq"`,
    );
    signals.subscribe((signal) => {
      // Signals may have been missed: each user's positions are read again when asked for.
      if (signal.kind === 'resync') this.cache.clear();
      if (signal.kind !== 'read-moved') return;
      const positions = this.cache.get(signal.userId) ?? this.loading.get(signal.userId);
      if (positions) moveForward(positions, signal.roomId, signal.seq);
    });
  }

  onModuleInit(): void {
    if (!this.config.databaseUrl) return;
    this.timer = setInterval(() => this.cache.clear(), SHARED_READS_RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Room id → read seq; rooms missing from it are unread from the start. */
  async of(userId: number): Promise<ReadonlyMap<number, number>> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const positions = this.loading.get(userId) ?? new Map<number, number>();
    this.loading.set(userId, positions);
    try {
      const rows = await this.loadRows({ userId });
      // A signal that arrived while loading may be further on than the row read.
      for (const row of rows) moveForward(positions, Number(row.roomId), Number(row.readSeq));
      this.cache.set(userId, positions);
    } finally {
      this.loading.delete(userId);
    }
    return positions;
  }

  /** Moves the position forward (never back). */
  async markRead(userId: number, roomId: number, seq: number): Promise<void> {
    await this.storeForward({ userId, roomId, seq });
    this.signals.publish({ kind: 'read-moved', userId, roomId, seq });
  }
}

function moveForward(positions: Map<number, number>, roomId: number, seq: number): void {
  if ((positions.get(roomId) ?? 0) < seq) positions.set(roomId, seq);
}
