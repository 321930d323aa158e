import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import type { UserView } from '../users/user.view';
import { CreateMessageDto } from './dto/create-message.dto';
import { MessageQueryDto } from './dto/message-query.dto';
import { MessageView } from './message.view';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@Controller('rooms/:slug/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  async list(
    @Param('slug') slug: string,
    @Query() query: MessageQueryDto,
  ): Promise<{ messages: MessageView[] }> {
    return { messages: await this.messages.list(slug, query) };
  }

  @Post()
  async create(
    @Param('slug') slug: string,
    @CurrentUser() user: UserView,
    @Body() dto: CreateMessageDto,
  ): Promise<{ message: MessageView }> {
    return { message: await this.messages.create(slug, user, dto.content) };
  }
}
