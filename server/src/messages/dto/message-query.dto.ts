import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_PAGE, MAX_PAGE } from '../../common/chat-rules';
import { MAX_ID } from '../../common/message-id.pipe';
import { ToInt } from '../../common/validation';

export class MessageQueryDto {
  @ApiPropertyOptional({ description: 'Only messages with a greater id, oldest first (the poll)' })
  @IsOptional()
  @ToInt()
  @Max(MAX_ID)
  @Min(0)
  @IsInt() // checked first: decorators nearest the property run first
  after?: number;

  @ApiPropertyOptional({ description: 'Only messages with a smaller id: the page just older' })
  @IsOptional()
  @ToInt()
  @Max(MAX_ID)
  @Min(0)
  @IsInt()
  before?: number;

  @ApiPropertyOptional({
    description:
      'Only messages with a smaller seq: the page just older, in the order the sync poll uses',
  })
  @IsOptional()
  @ToInt()
  @Max(MAX_ID)
  @Min(0)
  @IsInt()
  beforeSeq?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE,
    description: `${MAX_PAGE} for after, else ${DEFAULT_PAGE}`,
  })
  @IsOptional()
  @ToInt()
  @Max(MAX_PAGE)
  @Min(1)
  @IsInt()
  limit?: number;
}
