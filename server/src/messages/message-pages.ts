import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { prepareSql } from '../database/prepared-sql';
import { Message } from './message.entity';
import { MessageView, StoredMessage, toMessageView } from './message.view';

/**
 * `after`: newer than the message with the id (the list's poll), in seq order:
 * within a room that is commit order on both engines, so a poll never steps past
 * a message still being written. (On PostgreSQL ids are drawn before the room's
 * lock is taken: id 9 may commit after id 10.) An id that is not the room's
 * stands for the room's latest message before it (one index step). `before`: just older than the id.
 * `beforeSeq`: just older than the seq (history under the sync poll, whose pages
 * are by seq: on PostgreSQL ids are taken before seqs, so their orders can differ).
 * `latest`: the newest.
 */
export type PageKind = 'after' | 'before' | 'beforeSeq' | 'latest';

const PAGES: Record<PageKind, { bound: string; order: string }> = {
  after: {
    bound: `AND m.seq > COALESCE(
      (SELECT seq FROM messages WHERE id = :cursor AND "roomId" = :roomId),
      (SELECT seq FROM messages WHERE "roomId" = :roomId AND id <= :cursor
        ORDER BY id DESC LIMIT 1),
      0)`,
    order: 'm.seq ASC',
  },
  before: { bound: 'AND m.id < :cursor', order: 'm.id DESC' },
  beforeSeq: { bound: 'AND m.seq < :cursor', order: 'm.seq DESC' },
  latest: { bound: '', order: 'm.id DESC' },
};

/** A message row as the driver returns it: times as stored. */
export type MessageRow = Omit<StoredMessage, 'createdAt' | 'editedAt' | 'deletedAt'> & {
  createdAt: unknown;
  editedAt: unknown;
  deletedAt: unknown;
  roomId: number;
};

/** A room's changes after a seq, oldest first, and whether more are waiting. */
export interface ChangePage {
  messages: MessageView[];
  /** The seq of the last change returned, or the one asked from when there was none. */
  until: number;
  more: boolean;
}

/** The latest messages of a room and the room's head in the same snapshot. */
export interface FirstPage {
  messages: MessageView[];
  head: number;
}

export const MESSAGE_COLUMNS = `m.id, m.seq, m."changeSeq", m."roomId", m."userId", u.username,
  m.content, m.mentions, m."clientId", m."createdAt", m."editedAt", m."deletedAt"`;
export const MESSAGES_WITH_AUTHOR = `messages m INNER JOIN users u ON u.id = m."userId"`;

type Query<Row> = (values: Record<string, unknown>) => Promise<Row[]>;

/**
 * Reads a room's messages, each an index range scan: by id for the message list,
 * by changeSeq for the sync poll. Every open tab polls every 2 seconds, so each
 * statement is made once (per kind and page size) and then only run.
 */
@Injectable()
export class MessagePages {
  private readonly queries = new Map<string, Query<unknown>>();

  /** The driver's own conversion of a stored time: UTC text on SQLite, a Date on PostgreSQL. */
  private readonly toDate: (stored: unknown) => Date;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const metadata = dataSource.getMetadata(Message);
    const column = metadata.findColumnWithPropertyName('createdAt')!;
    this.toDate = (stored) => dataSource.driver.prepareHydratedValue(stored, column) as Date;
  }

  /** Oldest first. */
  async read(
    kind: PageKind,
    roomId: number,
    cursor: number | undefined,
    limit: number,
    viewerId: number,
  ): Promise<MessageView[]> {
    const { bound, order } = PAGES[kind];
    const rows = await this.query<MessageRow>(
      `${kind}:${limit}`,
      () => `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_WITH_AUTHOR}
        WHERE m."roomId" = :roomId ${bound} ORDER BY ${order} LIMIT ${limit}`,
    )(kind === 'latest' ? { roomId } : { roomId, cursor });
    const oldestFirst = kind === 'after' ? rows : rows.reverse();
    return oldestFirst.map((row) => this.view(row, viewerId));
  }

  /** New, edited and deleted messages after `since`, in the order they changed. */
  async changes(
    roomId: number,
    since: number,
    limit: number,
    viewerId: number,
  ): Promise<ChangePage> {
    const rows = await this.query<MessageRow>(
      `changes:${limit}`,
      () => `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_WITH_AUTHOR}
        WHERE m."roomId" = :roomId AND m."changeSeq" > :since
        ORDER BY m."changeSeq" ASC LIMIT ${limit + 1}`,
    )({ roomId, since });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    return {
      messages: page.map((row) => this.view(row, viewerId)),
      until: page.length > 0 ? Number(page[page.length - 1].changeSeq) : since,
      more,
    };
  }

  /**
   * The latest messages by seq and the head they were read at, in one statement:
   * one snapshot on either engine, so every change after it has a greater seq and
   * the next poll (`changes(head)`) repeats nothing and misses nothing.
   */
  async first(roomId: number, limit: number, viewerId: number): Promise<FirstPage> {
    const rows = await this.query<MessageRow & { head: number }>(
      `first:${limit}`,
      () => `SELECT rooms."lastSeq" AS head, page.* FROM rooms LEFT JOIN (
          SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_WITH_AUTHOR}
          WHERE m."roomId" = :roomId ORDER BY m.seq DESC LIMIT ${limit}
        ) AS page ON 1 = 1 WHERE rooms.id = :roomId`,
    )({ roomId });
    const messages = rows
      .filter((row) => row.id !== null)
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => this.view(row, viewerId));
    return { messages, head: rows.length > 0 ? Number(rows[0].head) : 0 };
  }

  /** One message of a room, deleted or not. */
  async one(roomId: number, id: number): Promise<MessageRow | undefined> {
    const rows = await this.query<MessageRow>(
      'one',
      () => `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_WITH_AUTHOR}
        WHERE m.id = :id AND m."roomId" = :roomId`,
    )({ id, roomId });
    return rows[0];
  }

  /** The message a user sent with this clientId, in whichever room. */
  async byClientId(userId: number, clientId: string): Promise<MessageRow | undefined> {
    const rows = await this.query<MessageRow>(
      'byClientId',
      () => `SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGES_WITH_AUTHOR}
        WHERE m."userId" = :userId AND m."clientId" = :clientId`,
    )({ userId, clientId });
    return rows[0];
  }

  view(row: MessageRow, viewerId: number): MessageView {
    return toMessageView(
      {
        id: Number(row.id),
        seq: Number(row.seq),
        changeSeq: Number(row.changeSeq),
        userId: Number(row.userId),
        username: row.username,
        content: row.content,
        mentions: row.mentions,
        clientId: row.clientId,
        createdAt: this.toDate(row.createdAt),
        editedAt: row.editedAt === null ? null : this.toDate(row.editedAt),
        deletedAt: row.deletedAt === null ? null : this.toDate(row.deletedAt),
      },
      viewerId,
    );
  }

  private query<Row>(key: string, sql: () => string): Query<Row> {
    let query = this.queries.get(key);
    if (!query) {
      query = prepareSql<unknown>(this.dataSource, sql());
      this.queries.set(key, query);
    }
    return query as Query<Row>;
  }
}
