import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { prepareQuery } from '../database/prepared-query';
import { Message } from './message.entity';
import { MessageView, toMessageView } from './message.view';

/** `after`: newer than the cursor (the poll). `before`: just older. `latest`: the newest. */
export type PageKind = 'after' | 'before' | 'latest';

interface MessageRow {
  id: number;
  content: string;
  createdAt: unknown;
  username: string;
}

type PageQuery = (values: { roomId: number; cursor: number | undefined }) => Promise<MessageRow[]>;

/**
 * Reads pages of a room's messages, each a range scan of the (roomId, id) index.
 * Every open room page polls every 2 seconds, so each query is built once (per
 * kind and page size, at most 300 of them) and then only run.
 */
@Injectable()
export class MessagePages {
  private readonly queries = new Map<string, PageQuery>();

  /** The driver's own conversion of a stored time: a UTC string on SQLite, a Date on PostgreSQL. */
  private readonly toDate: (stored: unknown) => Date;

  constructor(@InjectRepository(Message) private readonly messages: Repository<Message>) {
    const column = messages.metadata.findColumnWithPropertyName('createdAt')!;
    const { driver } = messages.manager.connection;
    this.toDate = (stored) => driver.prepareHydratedValue(stored, column) as Date;
  }

  /** Oldest first. */
  async read(
    kind: PageKind,
    roomId: number,
    cursor: number | undefined,
    limit: number,
  ): Promise<MessageView[]> {
    const rows = await this.query(kind, limit)({ roomId, cursor });
    const oldestFirst = kind === 'after' ? rows : rows.reverse();
    return oldestFirst.map((row) =>
      toMessageView({
        id: Number(row.id),
        content: row.content,
        username: row.username,
        createdAt: this.toDate(row.createdAt),
      }),
    );
  }

  private query(kind: PageKind, limit: number): PageQuery {
    const key = `${kind}:${limit}`;
    let query = this.queries.get(key);
    if (!query) {
      query = prepareQuery<'roomId' | 'cursor', MessageRow>(['roomId', 'cursor'], (p) => {
        const select = this.messages
          .createQueryBuilder('message')
          .innerJoin('message.user', 'user')
          .select('message.id', 'id')
          .addSelect('message.content', 'content')
          .addSelect('message.createdAt', 'createdAt')
          .addSelect('user.username', 'username')
          .where('message.roomId = :roomId', p)
          .limit(limit);
        if (kind === 'after')
          return select.andWhere('message.id > :cursor', p).orderBy('message.id', 'ASC');
        if (kind === 'before') select.andWhere('message.id < :cursor', p);
        return select.orderBy('message.id', 'DESC');
      });
      this.queries.set(key, query);
    }
    return query;
  }
}
