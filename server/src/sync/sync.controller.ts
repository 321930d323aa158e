import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import type { UserView } from '../users/user.view';
import { SyncQueryDto } from './dto/sync-query.dto';
import { SyncService } from './sync.service';
import type { SyncView } from './sync.view';

@ApiTags('sync')
@Controller('sync')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  /**
   * The one poll of a tab: the open room's changes, the rooms' unread counts,
   * who is online and typing. See the README's "Sync protocol".
   */
  @Get()
  @ApiOkResponse({
    description:
      '{cursor, reset, room: {slug, first, changes, more, typing} | null, rooms: ' +
      '[{slug, name, lastSeq, readSeq, unread, mentions}], online}: see the README, "Sync protocol"',
  })
  poll(@CurrentUser() user: UserView, @Query() query: SyncQueryDto): Promise<SyncView> {
    return this.sync.sync(user, query.room, query.since);
  }
}
