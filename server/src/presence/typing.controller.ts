import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { TakesNo } from '../common/takes-no.interceptor';
import { RoomsService } from '../rooms/rooms.service';
import type { UserView } from '../users/user.view';
import { Presence } from './presence';

@ApiTags('sync')
@Controller('rooms/:slug/typing')
export class TypingController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly presence: Presence,
  ) {}

  /** Shows the user as typing in the room for a few seconds (6 by default). */
  @Post()
  @HttpCode(204)
  @TakesNo('body', 'query')
  @ApiNoContentResponse({ description: 'Typing, for a few seconds' })
  async typing(@Param('slug') slug: string, @CurrentUser() user: UserView): Promise<void> {
    const room = await this.rooms.getBySlug(slug);
    await this.presence.startTyping(room.id, user.username);
  }
}
