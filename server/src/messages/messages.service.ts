import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChangeSignals } from '../changes/change-signals';
import { DEFAULT_PAGE, MAX_PAGE } from '../common/chat-rules';
import { PreparedSql, prepareSql } from '../database/prepared-sql';
import { isUniqueViolation } from '../database/unique-violation';
import { Presence } from '../presence/presence';
import { Room } from '../rooms/room.entity';
import { RoomsService } from '../rooms/rooms.service';
import type { UserView } from '../users/user.view';
import { MessageQueryDto } from './dto/message-query.dto';
import { findMentions, mentionCandidates } from './mentions';
import { MessagePages, MessageRow } from './message-pages';
import { MessageView, toMessageView } from './message.view';

/** A new seq for a message of the room: the head's next value (see change-stream-triggers.ts). */
const NEXT_SEQ = `(SELECT "lastSeq" + 1 FROM rooms WHERE rooms.id = messages."roomId")`;
/** The most mention candidates looked up for one message. */
const MAX_MENTION_CANDIDATES = 100;

/**
 * Messages: the list, and the writes that advance a room's change stream. Each
 * write is one statement, so on SQLite (no transactions across requests on
 * TypeORM's shared connection) it is still all-or-nothing with the triggers that
 * move the room's head and index its mentions.
 */
@Injectable()
export class MessagesService {
  private readonly insert: PreparedSql<{ id: number; seq: number }>;
  private readonly edit: PreparedSql<{ changeSeq: number }>;

  // The content is overwritten, not flagged: a deleted message's words are gone.
  private readonly erase: PreparedSql<{ changeSeq: number }>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: RoomsService,
    private readonly pages: MessagePages,
    private readonly signals: ChangeSignals,
    private readonly presence: Presence,
  ) {
    this.insert = prepareSql<{ id: number; seq: number }>(
      dataSource,
      `INSERT INTO messages ("roomId", "userId", content, mentions, "clientId", "createdAt", seq, "changeSeq")
       VALUES (:roomId, :userId, :content, :mentions, :clientId, :createdAt,
         (SELECT "lastSeq" + 1 FROM rooms WHERE id = :roomId),
         (SELECT "lastSeq" + 1 FROM rooms WHERE id = :roomId))
       RETURNING id, seq`,
    );
    this.edit = prepareSql<{ changeSeq: number }>(
      dataSource,
      `UPDATE messages SET content = :content, mentions = :mentions, "editedAt" = :now,
         "changeSeq" = ${NEXT_SEQ}
       WHERE id = :id AND "userId" = :userId AND "deletedAt" IS NULL
       RETURNING "changeSeq"`,
    );
    this.erase = prepareSql<{ changeSeq: number }>(
      dataSource,
      `UPDATE messages SET content = '', mentions = '[]', "deletedAt" = :now,
         "changeSeq" = ${NEXT_SEQ}
       WHERE id = :id AND "deletedAt" IS NULL
       RETURNING "changeSeq"`,
    );
  }

  /**
   * `after`: newer than the id, oldest first, at most 100 (the old poll).
   * `before`: the page just older than the id; `beforeSeq`: than the seq. None: the latest.
   */
  async list(slug: string, query: MessageQueryDto, viewer: UserView): Promise<MessageView[]> {
    const cursors = (['after', 'before', 'beforeSeq'] as const).filter(
      (name) => query[name] !== undefined,
    );
    if (cursors.length > 1) {
      throw new BadRequestException(`${cursors.join(' and ')} cannot be combined`);
    }
    const room = await this.rooms.getBySlug(slug);
    const [kind = 'latest'] = cursors;
    const limit = query.limit ?? (kind === 'after' ? MAX_PAGE : DEFAULT_PAGE);
    return this.pages.read(
      kind,
      room.id,
      kind === 'latest' ? undefined : query[kind],
      limit,
      viewer.id,
    );
  }

  /**
   * Stores a message, once: a resend with the same clientId (after a lost answer,
   * a restart, on any instance) finds the first one by its unique index.
   */
  async create(
    slug: string,
    author: UserView,
    content: string,
    clientId?: string,
  ): Promise<{ message: MessageView; created: boolean }> {
    const room = await this.rooms.getBySlug(slug);
    const mentions = JSON.stringify(await this.mentionsIn(content));
    const createdAt = new Date();
    try {
      const [row] = await this.insert({
        roomId: room.id,
        userId: author.id,
        content,
        mentions,
        clientId: clientId ?? null,
        createdAt,
      });
      const [id, seq] = [Number(row.id), Number(row.seq)];
      this.signals.publish({ kind: 'room-advanced', roomId: room.id, seq });
      this.presence.stopTyping(room.id, author.username);
      const message = toMessageView(
        {
          id,
          seq,
          changeSeq: seq,
          userId: author.id,
          username: author.username,
          content,
          mentions,
          clientId: clientId ?? null,
          createdAt,
          editedAt: null,
          deletedAt: null,
        },
        author.id,
      );
      return { message, created: true };
    } catch (error) {
      if (!clientId || !isUniqueViolation(error)) throw error;
      const earlier = await this.pages.byClientId(author.id, clientId);
      if (!earlier) throw error;
      return { message: this.resent(earlier, room, content, author), created: false };
    }
  }

  /** The message a resend refers to, if it is the same message. */
  private resent(earlier: MessageRow, room: Room, content: string, author: UserView): MessageView {
    // An edit or a delete since has replaced the words the resend could be compared with.
    const changed = earlier.editedAt !== null || earlier.deletedAt !== null;
    if (Number(earlier.roomId) !== room.id || (!changed && earlier.content !== content)) {
      throw new ConflictException('This clientId was already used for another message');
    }
    return this.pages.view(earlier, author.id);
  }

  /** The author edits their message; the same content is no change. */
  async update(slug: string, id: number, author: UserView, content: string): Promise<MessageView> {
    const room = await this.rooms.getBySlug(slug);
    const message = await this.findLive(room, id);
    if (Number(message.userId) !== author.id) {
      throw new ForbiddenException('Only its author can edit a message');
    }
    if (message.content !== content) {
      const mentions = JSON.stringify(await this.mentionsIn(content));
      const rows = await this.edit({ id, userId: author.id, content, mentions, now: new Date() });
      await this.replaced(room, id, rows);
    }
    return this.pages.view((await this.pages.one(room.id, id))!, author.id);
  }

  /** The author or an admin deletes a message: a tombstone stays, its content erased. */
  async remove(slug: string, id: number, user: UserView): Promise<void> {
    const room = await this.rooms.getBySlug(slug);
    const message = await this.findLive(room, id);
    if (Number(message.userId) !== user.id && !user.isAdmin) {
      throw new ForbiddenException('Only its author or an admin can delete a message');
    }
    await this.replaced(room, id, await this.erase({ id, now: new Date() }));
  }

  /**
   * After an edit or a delete (`rows`: what it changed, none if the message was
   * deleted meanwhile): the room's head moved, and the old words go.
   */
  private async replaced(room: Room, id: number, rows: { changeSeq: number }[]): Promise<void> {
    if (rows.length === 0) throw new NotFoundException(`No message ${id} in this room`);
    this.signals.publish({
      kind: 'room-advanced',
      roomId: room.id,
      seq: Number(rows[0].changeSeq),
    });
    await this.forgetOldWords();
  }

  /**
   * Replaced words leave the disk with the answer: `secure_delete` zeroes them in
   * the database file, and this empties SQLite's write-ahead log, which still holds
   * the pages as they were (it is copied into the file first). Best effort: a
   * checkpoint that other readers hold up is simply done later by SQLite.
   */
  private async forgetOldWords(): Promise<void> {
    if (this.dataSource.driver.options.type !== 'sqlite') return;
    await this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
  }

  private async findLive(room: Room, id: number): Promise<MessageRow> {
    const message = await this.pages.one(room.id, id);
    if (!message || message.deletedAt !== null) {
      throw new NotFoundException(`No message ${id} in this room`);
    }
    return message;
  }

  /** Usernames mentioned with @name that belong to someone. */
  private async mentionsIn(content: string): Promise<string[]> {
    const keys = mentionCandidates(content).slice(0, MAX_MENTION_CANDIDATES);
    if (keys.length === 0) return [];
    const users: { usernameKey: string; username: string }[] = await this.dataSource
      .createQueryBuilder()
      .select(['users.usernameKey AS "usernameKey"', 'users.username AS username'])
      .from('users', 'users')
      .where('users.usernameKey IN (:...keys)', { keys })
      .getRawMany();
    return findMentions(content, new Map(users.map((user) => [user.usernameKey, user.username])));
  }
}
