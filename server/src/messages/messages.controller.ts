import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { MessageIdPipe } from '../common/message-id.pipe';
import { TakesNo } from '../common/takes-no.interceptor';
import type { UserView } from '../users/user.view';
import { CreateMessageDto } from './dto/create-message.dto';
import { MessageQueryDto } from './dto/message-query.dto';
import { UpdateMessageDto } from './dto/update-message.dto';
import { MessageView } from './message.view';
import { MessagesService } from './messages.service';
import { SendThrottlerGuard } from './send-throttler.guard';

@ApiTags('messages')
@Controller('rooms/:slug/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  async list(
    @Param('slug') slug: string,
    @Query() query: MessageQueryDto,
    @CurrentUser() user: UserView,
  ): Promise<{ messages: MessageView[] }> {
    return { messages: await this.messages.list(slug, query, user) };
  }

  @Post()
  @UseGuards(SendThrottlerGuard)
  @ApiCreatedResponse({ description: 'Stored' })
  @ApiOkResponse({ description: 'Already stored with this clientId: the stored message' })
  async create(
    @Param('slug') slug: string,
    @CurrentUser() user: UserView,
    @Body() dto: CreateMessageDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ message: MessageView }> {
    const { message, created } = await this.messages.create(slug, user, dto.content, dto.clientId);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return { message };
  }

  @Patch(':id')
  @ApiOkResponse({
    description: 'Edited: {message} with editedAt; the same content changes nothing',
  })
  @TakesNo('query')
  async update(
    @Param('slug') slug: string,
    @Param('id', MessageIdPipe) id: number,
    @CurrentUser() user: UserView,
    @Body() dto: UpdateMessageDto,
  ): Promise<{ message: MessageView }> {
    return { message: await this.messages.update(slug, id, user, dto.content) };
  }

  @Delete(':id')
  @HttpCode(204)
  @TakesNo('body', 'query')
  @ApiNoContentResponse({ description: 'Deleted: its content is erased, a tombstone stays' })
  async remove(
    @Param('slug') slug: string,
    @Param('id', MessageIdPipe) id: number,
    @CurrentUser() user: UserView,
  ): Promise<void> {
    await this.messages.remove(slug, id, user);
  }
}
