import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { TakesNo } from '../common/takes-no.interceptor';
import type { UserView } from '../users/user.view';
import { MarkReadDto } from './dto/mark-read.dto';
import { ReadsService } from './reads.service';

@ApiTags('sync')
@Controller('rooms/:slug/read')
export class ReadsController {
  constructor(private readonly reads: ReadsService) {}

  /** Moves the read position forward; a lower seq changes nothing. */
  @Post()
  @HttpCode(204)
  @TakesNo('query')
  @ApiNoContentResponse({ description: 'Read up to seq' })
  async markRead(
    @Param('slug') slug: string,
    @CurrentUser() user: UserView,
    @Body() dto: MarkReadDto,
  ): Promise<void> {
    await this.reads.markRead(slug, user.id, dto.seq);
  }
}
