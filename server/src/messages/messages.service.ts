import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RoomsService } from '../rooms/rooms.service';
import type { UserView } from '../users/user.view';
import { MAX_PAGE, MessageQueryDto } from './dto/message-query.dto';
import { MessagePages } from './message-pages';
import { Message } from './message.entity';
import { MessageView, toMessageView } from './message.view';

const FIRST_LOAD = 25;

@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly rooms: RoomsService,
    private readonly pages: MessagePages,
  ) {}

  /**
   * `after`: newer than the cursor, oldest first, at most 100 (the poll).
   * `before`: the page just older. Neither: the latest.
   */
  async list(slug: string, query: MessageQueryDto): Promise<MessageView[]> {
    if (query.after !== undefined && query.before !== undefined) {
      throw new BadRequestException('after and before cannot be combined');
    }
    const room = await this.rooms.getBySlug(slug);
    if (query.after !== undefined) {
      return this.pages.read('after', room.id, query.after, query.limit ?? MAX_PAGE);
    }
    if (query.before !== undefined) {
      return this.pages.read('before', room.id, query.before, query.limit ?? FIRST_LOAD);
    }
    return this.pages.read('latest', room.id, undefined, query.limit ?? FIRST_LOAD);
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
