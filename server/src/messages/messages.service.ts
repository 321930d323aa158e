import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RoomsService } from '../rooms/rooms.service';
import type { UserView } from '../users/user.view';
import { MAX_PAGE, MessageQueryDto } from './dto/message-query.dto';
import { Message } from './message.entity';
import { MessageView, toMessageView } from './message.view';

const FIRST_LOAD = 25;

@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly rooms: RoomsService,
  ) {}

  /**
   * `after`: newer than the cursor, oldest first (the poll). `before`: the page
   * just older. Neither: the latest. Every branch is a range scan of (roomId, id).
   */
  async list(slug: string, query: MessageQueryDto): Promise<MessageView[]> {
    if (query.after !== undefined && query.before !== undefined) {
      throw new BadRequestException('after and before cannot be combined');
    }
    const room = await this.rooms.getBySlug(slug);
    const select = this.messages
      .createQueryBuilder('message')
      .innerJoin('message.user', 'user')
      .select(['message.id', 'message.content', 'message.createdAt', 'user.id', 'user.username'])
      .where('message.roomId = :roomId', { roomId: room.id });

    if (query.after !== undefined) {
      const rows = await select
        .andWhere('message.id > :after', { after: query.after })
        .orderBy('message.id', 'ASC')
        .limit(query.limit ?? MAX_PAGE)
        .getMany();
      return rows.map(toView);
    }
    if (query.before !== undefined)
      select.andWhere('message.id < :before', { before: query.before });
    const newestFirst = await select
      .orderBy('message.id', 'DESC')
      .limit(query.limit ?? FIRST_LOAD)
      .getMany();
    return newestFirst.reverse().map(toView);
  }

  async create(slug: string, author: UserView, content: string): Promise<MessageView> {
    const room = await this.rooms.getBySlug(slug);
    const message = this.messages.create({
      roomId: room.id,
      userId: author.id,
      content,
      createdAt: new Date(),
    });
    await this.messages.insert(message);
    return toMessageView({ ...message, username: author.username });
  }
}

function toView(message: Message): MessageView {
  return toMessageView({ ...message, username: message.user!.username });
}
