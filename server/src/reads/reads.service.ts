import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PreparedSql, prepareSql } from '../database/prepared-sql';
import { RoomsService } from '../rooms/rooms.service';
import { ReadPositions } from './read-positions';

@Injectable()
export class ReadsService {
  // The stored head, not the cached one: a seq the client saw is committed, and
  // another instance may have committed it.
  private readonly readHead: PreparedSql<{ lastSeq: number }>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: RoomsService,
    private readonly positions: ReadPositions,
  ) {
    this.readHead = prepareSql<{ lastSeq: number }>(
      dataSource,
      `SELECT "lastSeq" FROM rooms WHERE id = :roomId`,
    );
  }

  async markRead(slug: string, userId: number, seq: number): Promise<void> {
    const room = await this.rooms.getBySlug(slug);
    const [{ lastSeq }] = await this.readHead({ roomId: room.id });
    if (seq > Number(lastSeq)) {
      throw new BadRequestException(`seq must not be above the room's latest (${lastSeq})`);
    }
    await this.positions.markRead(userId, room.id, seq);
  }
}
