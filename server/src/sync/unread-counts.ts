import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PreparedSql, prepareSql } from '../database/prepared-sql';

/** Counting stops here: a badge says "999+", and a count stops at this many unread messages. */
export const UNREAD_CAP = 999;

/** Counts kept for reuse: a user's tabs ask for the same ones after each change. */
const CACHED_COUNTS = 10_000;

/**
 * A user's unread messages and unread mentions in one room. The counts follow from
 * the room's head and the user's read position (every send, edit and delete moves
 * the head), so counts made for one pair serve every tab of the user that asks for
 * the same pair.
 */
@Injectable()
export class UnreadCounts {
  private readonly cache = new Map<string, { unread: number; mentions: number }>();
  private readonly count: PreparedSql<{ unread: number | string; mentions: number | string }>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.count = prepareSql<{ unread: number | string; mentions: number | string }>(
      dataSource,
      `SELECT
         (SELECT COUNT(*) FROM (
            SELECT 1 AS one FROM messages
            WHERE "roomId" = :roomId AND seq > :readSeq AND "userId" <> :userId AND "deletedAt" IS NULL
            LIMIT ${UNREAD_CAP}) AS unread_page) AS unread,
         (SELECT COUNT(*) FROM message_mentions
            WHERE "userId" = :userId AND "roomId" = :roomId AND seq > :readSeq) AS mentions`,
    );
  }

  async of(
    userId: number,
    roomId: number,
    readSeq: number,
    lastSeq: number,
  ): Promise<{ unread: number; mentions: number }> {
    // Read to the head: nothing to count (the usual case, and no query).
    if (readSeq >= lastSeq) return { unread: 0, mentions: 0 };
    const key = `${userId}:${roomId}:${readSeq}:${lastSeq}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const [row] = await this.count({ userId, roomId, readSeq });
    const counts = {
      unread: Number(row.unread),
      mentions: Math.min(Number(row.mentions), UNREAD_CAP),
    };
    if (this.cache.size >= CACHED_COUNTS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, counts);
    return counts;
  }
}
