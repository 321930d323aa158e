import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RoomHeads } from '../changes/room-heads';
import { DEFAULT_PAGE, MAX_PAGE } from '../common/chat-rules';
import { MessagePages } from '../messages/message-pages';
import { Presence } from '../presence/presence';
import { ReadPositions } from '../reads/read-positions';
import { Room } from '../rooms/room.entity';
import { RoomsService } from '../rooms/rooms.service';
import type { UserView } from '../users/user.view';
import { decodeCursor, encodeCursor, RoomKnowledge, SyncCursor } from './sync-cursor';
import { SyncRoomSummary, SyncRoomView, SyncView } from './sync.view';
import { UnreadCounts } from './unread-counts';

/**
 * The one poll of a tab. With nothing new it is answered from memory (room heads,
 * read positions, presence): no query but the session's.
 */
@Injectable()
export class SyncService implements OnModuleInit {
  private epoch = '';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: RoomsService,
    private readonly heads: RoomHeads,
    private readonly pages: MessagePages,
    private readonly reads: ReadPositions,
    private readonly counts: UnreadCounts,
    private readonly presence: Presence,
  ) {}

  async onModuleInit(): Promise<void> {
    const [row]: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM app_state WHERE key = 'epoch'`,
    );
    this.epoch = row.value;
  }

  async sync(
    user: UserView,
    slug: string | undefined,
    since: string | undefined,
  ): Promise<SyncView> {
    let cursor = since === undefined ? undefined : decodeCursor(since);
    const room = slug === undefined ? undefined : await this.rooms.getBySlug(slug);
    const reset = cursor !== undefined && !(await this.stillMatches(cursor, user));
    if (reset) cursor = undefined;
    this.presence.seen(user.username);

    const known = new Map<number, RoomKnowledge>();
    const open = room ? await this.openRoom(room, cursor, user) : undefined;
    const rooms = await this.roomSummaries(user, cursor, known);
    const next: SyncCursor = {
      epoch: this.epoch,
      userId: user.id,
      open: open ? { roomId: room!.id, seq: open.seq } : null,
      rooms: known,
    };
    return {
      cursor: encodeCursor(next),
      reset,
      room: open?.view ?? null,
      rooms,
      online: await this.presence.online(),
    };
  }

  /** The open room: what changed after the cursor, or its latest page when newly opened. */
  private async openRoom(
    room: Room,
    cursor: SyncCursor | undefined,
    user: UserView,
  ): Promise<{ view: SyncRoomView; seq: number }> {
    const typing = await this.presence.typing(room.id, user.username);
    if (cursor?.open?.roomId !== room.id) {
      const page = await this.pages.first(room.id, DEFAULT_PAGE, user.id);
      return {
        view: { slug: room.slug, first: true, changes: page.messages, more: false, typing },
        seq: page.head,
      };
    }
    const since = cursor.open.seq;
    const head = this.heads.get(room.id)?.lastSeq ?? Infinity;
    const page =
      head <= since
        ? { messages: [], until: since, more: false }
        : await this.pages.changes(room.id, since, MAX_PAGE, user.id);
    return {
      view: { slug: room.slug, first: false, changes: page.messages, more: page.more, typing },
      seq: page.until,
    };
  }

  /** Rooms whose head, read position or counts the cursor does not have yet. */
  private async roomSummaries(
    user: UserView,
    cursor: SyncCursor | undefined,
    known: Map<number, RoomKnowledge>,
  ): Promise<SyncRoomSummary[]> {
    const readSeqs = await this.reads.of(user.id);
    const summaries: SyncRoomSummary[] = [];
    for (const head of this.heads.all()) {
      const { lastSeq } = head;
      const readSeq = Math.min(readSeqs.get(head.id) ?? 0, lastSeq);
      known.set(head.id, { lastSeq, readSeq });
      const before = cursor?.rooms.get(head.id);
      if (before?.lastSeq === lastSeq && before.readSeq === readSeq) continue;
      const counts = await this.counts.of(user.id, head.id, readSeq, lastSeq);
      summaries.push({ slug: head.slug, name: head.name, lastSeq, readSeq, ...counts });
    }
    return summaries;
  }

  /**
   * Whether the cursor describes this database as this user sees it. A cursor
   * that knows more than this instance may be ahead of its caches (another
   * instance wrote): the heads are read again before it is called a mismatch.
   */
  private async stillMatches(cursor: SyncCursor, user: UserView): Promise<boolean> {
    if (cursor.epoch !== this.epoch || cursor.userId !== user.id) return false;
    if (this.knowsMore(cursor)) await this.heads.refresh();
    return !this.knowsMore(cursor);
  }

  /** The cursor names a room unknown here, or is ahead of a room's head. */
  private knowsMore(cursor: SyncCursor): boolean {
    const ahead = (roomId: number, seq: number) => {
      const head = this.heads.get(roomId);
      return !head || seq > head.lastSeq;
    };
    if (cursor.open && ahead(cursor.open.roomId, cursor.open.seq)) return true;
    for (const [roomId, { lastSeq }] of cursor.rooms) if (ahead(roomId, lastSeq)) return true;
    return false;
  }
}
